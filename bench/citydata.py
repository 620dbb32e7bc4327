"""A Madrid-sized data set, generated fast and proved consistent.

    .venv/bin/python bench/citydata.py --database postgresql://postgres@127.0.0.1/consult_city
    .venv/bin/python bench/citydata.py --scale 0.1                # a SQLite file

Decide Madrid (on CONSUL) had 500,000 users, 30,000 proposals, 235,000 comments and 1.7 million
supports; ``--scale city`` makes 100,000 users, 100 consultations in every phase, 30,000 proposals,
2,000,000 supports, 250,000 comments (threads on proposals, replies up to depth 3), comment
supports, translations of titles, bodies and comments (ar, fa, uk, en, fr; by people and by
machine), a few thousand flags and moderation decisions (some items hidden or held for review).
A number (``--scale 0.01``) shrinks every count in proportion, to at least one of each.

The database is emptied and migrated first (a PostgreSQL database that does not exist is
created). Everything is generated in memory, counters included, from the very rows that are
written, so every counter equals its rows by construction; then each table is written in one
pass: ``COPY … FROM STDIN`` on PostgreSQL, SQLAlchemy Core inserts in large batches on SQLite.
Afterwards the checks run against the database itself (the drift queries of ``flask supports
recount``, visible comments against the thread counters, …) and are printed with the time each
table took. Every account's password is :data:`PASSWORD`; user 1 is an admin, the next few are
moderators, translators and verifiers (:func:`staff`).
"""

import argparse
import json
import random
import secrets
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: Rows at ``--scale city``; every other scale multiplies them.
CITY = {
    "users": 100_000,
    "consultations": 100,
    "proposals": 30_000,
    "supports": 2_000_000,
    "comments": 250_000,
    "comment_supports": 300_000,
    "flagged_items": 2_000,
}
PASSWORD = "city bench password"
#: The languages content is written in (Greek first: the platform's default) and how often.
WRITTEN_IN = {"el": 50, "en": 14, "ar": 11, "fa": 9, "uk": 8, "fr": 8}
#: The languages translations are made into.
TRANSLATED_INTO = ("ar", "fa", "uk", "en", "fr")
#: Phases given to consultations in turn: the first is the busiest, voting, so that even the
#: smallest scale has supports; with 100 consultations each entry appears five times.
PHASES = (
    "voting", "proposals", "review", "concluded", "voting", "information", "proposals_supports",
    "voting_limited", "archived", "future", "voting", "review", "draft", "proposals",
    "concluded", "voting", "information", "review", "voting_limited", "proposals",
)  # fmt: skip
#: Days from now of (opens, proposals start, proposals end, voting start, voting end, closes).
PHASE_DATES = {
    "draft": (10, 11, 30, 32, 50, 51),
    "future": (5, 6, 30, 32, 50, 51),
    "information": (-2, 3, 30, 32, 50, 51),
    "proposals": (-20, -19, 15, 17, 40, 41),
    "voting": (-60, -59, -20, -15, 15, 16),
    "review": (-120, -119, -80, -75, -40, -30),
    "outcome": (-400, -399, -360, -355, -320, -300),
}
SUPPORTED_PHASES = {"voting", "review", "outcome"}
#: States of proposals by their consultation's phase, with weights.
PROPOSAL_STATES = {
    "proposals": {"published": 90, "draft": 5, "withdrawn": 3, "merged": 2},
    "voting": {"published": 92, "draft": 2, "withdrawn": 3, "merged": 3},
    "review": {"evaluating": 50, "accepted": 20, "rejected": 22, "withdrawn": 4, "merged": 4},
    "outcome": {"accepted": 40, "rejected": 50, "withdrawn": 5, "merged": 5},
}
LISTED_STATES = ("published", "evaluating", "accepted", "rejected")
FLAG_REASONS = ("spam", "hate", "personal_info", "off_topic", "misinformation", "other")

NAMES = {
    "el": ["Μαρία", "Γιώργος", "Ελένη", "Νίκος", "Σοφία", "Δημήτρης"],
    "en": ["Alex", "Sam", "Jordan", "Robin", "Morgan", "Casey"],
    "ar": ["أحمد", "فاطمة", "محمد", "ليلى", "عمر", "مريم"],
    "fa": ["زهرا", "علی", "مریم", "رضا", "سارا", "حسین"],
    "uk": ["Олена", "Андрій", "Ірина", "Тарас", "Оксана", "Максим"],
    "fr": ["Camille", "Léa", "Hugo", "Chloé", "Louis", "Inès"],
}
TOPICS = {
    "el": ["στέγαση", "σχολεία", "πράσινο", "συγκοινωνίες", "εργασία", "υγεία", "πολιτισμός"],
    "en": ["housing", "schools", "green spaces", "buses", "jobs", "health", "culture"],
    "ar": ["السكن", "المدارس", "المساحات الخضراء", "الحافلات", "العمل", "الصحة", "الثقافة"],
    "fa": ["مسکن", "مدرسه‌ها", "فضای سبز", "اتوبوس", "کار", "سلامت", "فرهنگ"],
    "uk": ["житло", "школи", "зелені зони", "автобуси", "робота", "здоров'я", "культура"],
    "fr": ["logement", "écoles", "espaces verts", "bus", "emploi", "santé", "culture"],
}
SENTENCES = {
    "el": [
        "Η γειτονιά μας χρειάζεται περισσότερους χώρους για τα παιδιά.",
        "Οι νέοι κάτοικοι δυσκολεύονται να βρουν σπίτι κοντά στη δουλειά τους.",
        "Προτείνουμε ένα πρόγραμμα με σαφή χρονοδιάγραμμα και προϋπολογισμό.",
        "Ο δήμος μπορεί να συνεργαστεί με τους συλλόγους της περιοχής.",
        "Η πρόσβαση για άτομα με αναπηρία πρέπει να είναι προτεραιότητα.",
        "Αυτό θα ωφελήσει όλους, όχι μόνο όσους ήρθαν πρόσφατα.",
    ],
    "en": [
        "Our neighbourhood needs more safe places for children to play.",
        "New residents struggle to find a home close to where they work.",
        "We propose a programme with a clear timetable and budget.",
        "The city can work with the associations already active here.",
        "Access for people with disabilities must come first.",
        "This would help everyone, not only those who arrived recently.",
    ],
    "ar": [
        "يحتاج حيّنا إلى أماكن آمنة أكثر ليلعب فيها الأطفال.",
        "يجد السكان الجدد صعوبة في العثور على مسكن قريب من عملهم.",
        "نقترح برنامجاً بجدول زمني وميزانية واضحين.",
        "يمكن للبلدية أن تتعاون مع الجمعيات الناشطة هنا.",
        "يجب أن تكون سهولة الوصول لذوي الإعاقة أولوية.",
        "سيفيد هذا الجميع، لا القادمين الجدد وحدهم.",
    ],
    "fa": [
        "محله‌ی ما به جاهای امن بیشتری برای بازی کودکان نیاز دارد.",
        "ساکنان تازه برای پیدا کردن خانه نزدیک محل کارشان مشکل دارند.",
        "ما برنامه‌ای با زمان‌بندی و بودجه‌ی روشن پیشنهاد می‌کنیم.",
        "شهرداری می‌تواند با انجمن‌های محلی همکاری کند.",
        "دسترسی برای افراد دارای معلولیت باید در اولویت باشد.",
        "این به همه کمک می‌کند، نه فقط به تازه‌واردها.",
    ],
    "uk": [
        "Нашому району потрібно більше безпечних місць для дитячих ігор.",
        "Новим мешканцям важко знайти житло поблизу роботи.",
        "Ми пропонуємо програму з чітким графіком і бюджетом.",
        "Місто може співпрацювати з місцевими об'єднаннями.",
        "Доступність для людей з інвалідністю має бути пріоритетом.",
        "Це допоможе всім, а не лише тим, хто приїхав нещодавно.",
    ],
    "fr": [
        "Notre quartier a besoin de plus d'espaces sûrs pour les enfants.",
        "Les nouveaux habitants peinent à se loger près de leur travail.",
        "Nous proposons un programme avec un calendrier et un budget clairs.",
        "La ville peut travailler avec les associations déjà présentes ici.",
        "L'accessibilité pour les personnes handicapées doit passer en premier.",
        "Cela aiderait tout le monde, pas seulement les nouveaux arrivants.",
    ],
}
PROPOSAL_WORD = {
    "el": "Πρόταση", "en": "Proposal", "ar": "اقتراح", "fa": "پیشنهاد", "uk": "Пропозиція",
    "fr": "Proposition",
}  # fmt: skip


def plan(scale):
    """The rows ``scale`` asks for: :data:`CITY` times ``scale``, at least one of each. (At a
    tiny scale :meth:`City.make_supports` gives fewer supports than asked, when there are not
    enough pairs of people and proposals for them.)"""
    return {name: max(1, round(count * scale)) for name, count in CITY.items()}


def staff(users):
    """Ids of the accounts with roles, by role: a few of each, fewer on a tiny scale."""
    few = max(1, min(10, users // 20))
    return {
        "admin": [1],
        "moderator": list(range(2, 2 + few)),
        "translator": list(range(2 + few, 2 + 2 * few)),
        "verifier": list(range(2 + 2 * few, 2 + 2 * few + max(1, few // 2))),
    }


def allocate(total, weights, caps=None):
    """``total`` split into whole parts in proportion to ``weights`` (largest remainders first),
    part ``i`` at most ``caps[i]``; the parts sum to ``total`` unless the caps cannot hold it."""
    counts = [0] * len(weights)
    open_ = [i for i in range(len(weights)) if caps is None or caps[i] > 0]
    while total > 0 and open_:
        weight_sum = sum(weights[i] for i in open_) or 1
        fractions, given = [], 0
        for i in open_:
            share = total * weights[i] / weight_sum
            whole = int(share) if caps is None else min(int(share), caps[i] - counts[i])
            counts[i] += whole
            given += whole
            fractions.append((share - int(share), i))
        total -= given
        fractions.sort(reverse=True)
        for _fraction, i in fractions:
            if total == 0:
                break
            if caps is None or counts[i] < caps[i]:
                counts[i] += 1
                total -= 1
        open_ = [i for i in open_ if caps is None or counts[i] < caps[i]]
    return counts


class City:
    """The generated rows, in memory, table by table, with every counter taken from them."""

    def __init__(self, scale, seed=1):
        from consult.core.history import utcnow

        self.counts = plan(scale)
        self.scale = scale
        self.rnd = random.Random(seed)
        self.now = utcnow().replace(microsecond=0)
        self.staff = staff(self.counts["users"])
        self.languages = list(WRITTEN_IN)
        self.language_weights = list(WRITTEN_IN.values())
        self.seconds = {}

    # Helpers ----------------------------------------------------------------------------------

    def language(self):
        return self.rnd.choices(self.languages, self.language_weights)[0]

    def person(self):
        """Someone taking part; the first accounts are the most active (a long tail)."""
        return int(self.counts["users"] * self.rnd.random() ** 2) + 1

    def text(self, language, sentences):
        return " ".join(self.rnd.choices(SENTENCES[language], k=sentences))

    def moment(self, start, end):
        """A moment between ``start`` and ``end`` (and never after now)."""
        end = min(end, self.now)
        span = max(0.0, (end - start).total_seconds())
        return start + timedelta(seconds=int(span * self.rnd.random()))

    def others(self, count, exclude):
        """``count`` distinct people, ``exclude`` (an author) not among them."""
        people = self.counts["users"]
        count = min(count, people - 1)
        chosen = self.rnd.sample(range(1, people + 1), count + 1)
        if exclude in chosen:
            chosen.remove(exclude)
        return chosen[:count]

    def timed(self, name, function):
        started = time.perf_counter()
        function()
        self.seconds[name] = time.perf_counter() - started

    def build(self):
        """Every table's rows, in the order their counters need them."""
        for name, function in (
            ("users", self.make_users),
            ("consultations", self.make_consultations),
            ("proposals", self.make_proposals),
            ("supports", self.make_supports),
            ("comments", self.make_comments),
            ("comment supports", self.make_comment_supports),
            ("moderation", self.make_moderation),
            ("counters", self.make_counters),
            ("translations", self.make_translations),
        ):
            self.timed(name, function)
        return self

    # People -----------------------------------------------------------------------------------

    def make_users(self):
        from consult.accounts.operations import hash_password
        from consult.core.text import fold, name_key

        rnd, now = self.rnd, self.now
        password_hash = hash_password(PASSWORD)
        languages = rnd.choices(self.languages, self.language_weights, k=self.counts["users"])
        self.user_language = [None, *languages]
        self.users = []
        for i, language in enumerate(languages, start=1):
            name = f"{rnd.choice(NAMES[language])} {i}"
            email = f"user{i}@city.example"
            created = now - timedelta(days=rnd.uniform(30, 900))
            reads = [] if rnd.random() < 0.6 else [rnd.choice(self.languages)]
            self.users.append((
                i, email, password_hash, name, name_key(name), language, "2026-11", created,
                secrets.token_urlsafe(24), created, None,
                now + timedelta(days=rnd.randint(1, 365)) if rnd.random() < 0.3 else None,
                None, [r for r in reads if r != language], fold(f"{name}\n{email}"),
            ))  # fmt: skip
        self.role_grants = [
            (user_id, role, now, None) for role, ids in self.staff.items() for user_id in ids
        ]
        self.translator_languages = [
            (user_id, locale, now)
            for user_id in self.staff["translator"]
            for locale in rnd.sample(TRANSLATED_INTO, 2)
        ]

    # Consultations and proposals ---------------------------------------------------------------

    def make_consultations(self):
        from consult.core.text import fold

        rnd, now = self.rnd, self.now
        self.consultations = []
        for c in range(1, self.counts["consultations"] + 1):
            kind = PHASES[(c - 1) % len(PHASES)]
            phase = {
                "proposals_supports": "proposals", "voting_limited": "voting",
                "concluded": "outcome", "archived": "outcome",
            }.get(kind, kind)  # fmt: skip
            state = {
                "draft": "draft", "future": "published", "review": "closed",
                "concluded": "concluded", "archived": "archived",
            }.get(kind, "open")  # fmt: skip
            shift = -rnd.randint(0, 300) if phase == "outcome" else 0
            dates = [now + timedelta(days=d + shift) for d in PHASE_DATES[phase]]
            language = "en" if c % 5 == 0 else "el"
            topics = TOPICS[language]
            title = f"{'Consultation' if language == 'en' else 'Διαβούλευση'} {c}: {topics[c % 7]}"
            summary = SENTENCES[language][c % 6]
            self.consultations.append({
                "id": c, "language": language, "title": title, "summary": summary,
                "body": self.text(language, 30), "state": state, "opens_at": dates[0],
                "proposals_start": dates[1], "proposals_end": dates[2], "voting_start": dates[3],
                "voting_end": dates[4], "closes_at": dates[5], "who_may_propose": "members",
                "who_may_comment": "members",
                "supports_per_person": 10 if kind == "voting_limited" else 0,
                "who_may_support": "verified" if c % 10 == 3 else "members",
                "supports_in_proposals_phase": kind == "proposals_supports",
                "support_threshold": max(1, round(2000 * self.scale)) if c % 3 == 1 else None,
                "authors_may_support": True, "flags_to_hide": 3, "categories": topics[:4],
                "proposals_count": 0, "created_by_id": 1,
                "search_text": fold(f"{title}\n{summary}"), "created_at": dates[0],
                "updated_at": dates[0], "phase": phase,
            })  # fmt: skip

    def make_proposals(self):
        from consult.core.text import fold

        rnd = self.rnd
        bearing = [c for c in self.consultations if c["phase"] in PROPOSAL_STATES]
        shares = allocate(
            self.counts["proposals"], [1 / (1 + 0.15 * k) for k in range(len(bearing))]
        )
        self.proposals = []
        pid = 0
        for consultation, share in zip(bearing, shares, strict=True):
            weights = PROPOSAL_STATES[consultation["phase"]]
            states = rnd.choices(list(weights), list(weights.values()), k=share)
            listed = []
            for n, state in enumerate(states):
                pid += 1
                if n == 0 or (state == "merged" and not listed):
                    state = "published" if consultation["phase"] in ("proposals", "voting") else (
                        "evaluating" if consultation["phase"] == "review" else "accepted"
                    )  # fmt: skip
                language = self.language()
                topic = rnd.choice(TOPICS[language])
                title = f"{PROPOSAL_WORD[language]} {pid}: {topic}. {SENTENCES[language][pid % 6]}"
                title = title[:150]
                body = self.text(language, rnd.randint(4, 24))
                created = self.moment(
                    consultation["proposals_start"], consultation["proposals_end"]
                )
                published = None if state == "draft" else created + timedelta(hours=1)
                answered = state in ("accepted", "rejected")
                proposal = {
                    "id": pid, "consultation_id": consultation["id"], "author_id": self.person(),
                    "language": language, "title": title, "body": body,
                    "category": rnd.choice([*consultation["categories"], None]), "state": state,
                    "answer": self.text(consultation["language"], 3) if answered else None,
                    "answer_language": consultation["language"] if answered else None,
                    "answered_at": consultation["closes_at"] + timedelta(days=5)
                    if answered else None,
                    "answered_by_id": rnd.choice(self.staff["moderator"]) if answered else None,
                    "merged_into_id": rnd.choice(listed) if state == "merged" else None,
                    "supports_count": 0, "comments_count": 0,
                    "search_text": fold(f"{title}\n{body}"), "created_at": created,
                    "published_at": published, "updated_at": published or created,
                    "moderation": "visible", "hidden_reason": None,
                    "consultation": consultation,
                }  # fmt: skip
                if state in LISTED_STATES:
                    listed.append(pid)
                self.proposals.append(proposal)

    # Supports ---------------------------------------------------------------------------------

    def make_supports(self):
        """Each supported consultation draws its participants from the city; each proposal its
        supporters from them, distinct (the unique key), a few proposals many, most a few, and
        nobody beyond the consultation's limit per person."""
        rnd, people = self.rnd, self.counts["users"]
        by_consultation = {}
        for p in self.proposals:
            c = p["consultation"]
            supported = c["phase"] in SUPPORTED_PHASES or c["supports_in_proposals_phase"]
            if supported and p["state"] != "draft":
                by_consultation.setdefault(c["id"], []).append(p)
        groups = list(by_consultation.values())
        verified = [user[0] for user in self.users if user[USER_VERIFIED] is not None]
        pools, caps = [], []
        for group in groups:
            consultation = group[0]["consultation"]
            pool = min(people, max(2, round(people * rnd.uniform(0.05, 0.4))))
            if consultation["who_may_support"] == "verified":
                pool = min(pool, len(verified))
            limit = consultation["supports_per_person"] or len(group)
            pools.append(pool)
            caps.append(min(len(group) * max(1, pool // 2), pool * limit // 2))
        totals = allocate(self.counts["supports"], [len(g) for g in groups], caps)
        self.supporters = {}
        self.participations = []
        for group, pool_size, total in zip(groups, pools, totals, strict=True):
            consultation = group[0]["consultation"]
            limit = consultation["supports_per_person"]
            everyone = range(1, people + 1)
            if consultation["who_may_support"] == "verified":
                everyone = verified  # the only ones it takes supports from
            pool = rnd.sample(everyone, pool_size)
            weights = [min(rnd.paretovariate(1.1), 500) for _ in group]
            wanted = allocate(total, weights, [max(1, pool_size // 2)] * len(group))
            used = Counter()
            available = list(pool)
            position = {user: i for i, user in enumerate(available)}
            # The proposals wanting most draw first, while everyone is still available.
            for i in sorted(range(len(group)), key=wanted.__getitem__, reverse=True):
                chosen = rnd.sample(available, min(wanted[i], len(available)))
                self.supporters[group[i]["id"]] = chosen
                group[i]["supports_count"] = len(chosen)
                used.update(chosen)
                for user in chosen if limit else ():
                    if used[user] >= limit:  # out of supports: swap them out of the list
                        last = available.pop()
                        if last != user:
                            available[position[user]] = last
                            position[last] = position[user]
                        del position[user]
            start = consultation["voting_start"]
            if consultation["supports_in_proposals_phase"]:
                start = consultation["proposals_start"]
            self.participations += [
                (consultation["id"], user, n, start) for user, n in sorted(used.items())
            ]
        self.counts["supports"] = sum(len(s) for s in self.supporters.values())

    def support_rows(self):
        """Supports, proposal by proposal: (proposal, user, consultation, created, assisted)."""
        rnd, verifiers = self.rnd, self.staff["verifier"]
        for p in self.proposals:
            chosen = self.supporters.get(p["id"])
            if not chosen:
                continue
            c = p["consultation"]
            start = max(p["published_at"], c["voting_start"])
            if c["supports_in_proposals_phase"]:
                start = p["published_at"]
            span = max(0, int((min(c["voting_end"], self.now) - start).total_seconds()))
            for user in chosen:
                yield (
                    p["id"],
                    user,
                    c["id"],
                    start + timedelta(seconds=int(span * rnd.random())),
                    rnd.choice(verifiers) if rnd.random() < 0.003 else None,
                )

    # Threads and comments ---------------------------------------------------------------------

    def make_comments(self):
        """Threads on proposals, a long tail of comments on them (a few hundred on the most
        discussed), a third of them replies, up to three levels deep."""
        rnd = self.rnd
        open_ = [p for p in self.proposals if p["state"] != "draft"]
        weights = [min(rnd.paretovariate(1.2), 300) for _ in open_]
        counts = allocate(self.counts["comments"], weights)
        moderators = self.staff["moderator"]
        self.threads, self.comments = [], []
        comment_id = 0
        for p, count in zip(open_, counts, strict=True):
            if not count:
                continue
            c = p["consultation"]
            thread_id = len(self.threads) + 1
            locked = c["phase"] == "outcome"
            self.threads.append([
                thread_id, "proposals", p["id"], c["id"],
                c["closes_at"] if locked else None, rnd.choice(moderators) if locked else None,
                0, None, None, None, 0, None, None, p["published_at"],
            ])  # fmt: skip
            p["thread"] = self.threads[-1]
            span = max(1, int((min(c["closes_at"], self.now) - p["published_at"]).total_seconds()))
            moments = sorted(int(span * rnd.random()) for _ in range(count))
            parents = []  # (id, depth, root) of the comments that may be replied to
            for n, seconds in enumerate(moments):
                comment_id += 1
                created = p["published_at"] + timedelta(seconds=seconds)
                reply = n > 0 and parents and rnd.random() < 0.35
                if reply:
                    parent_id, parent_depth, parent_root = rnd.choice(parents[-30:])
                    depth, root = parent_depth + 1, parent_root or parent_id
                    alignment = rnd.choices(ALIGNMENTS, (25, 25, 50))[0]
                else:
                    parent_id, depth, root = None, 0, None
                    alignment = rnd.choices(ALIGNMENTS, (45, 30, 25))[0]
                official = not reply and rnd.random() < 0.002
                author = rnd.choice(moderators) if official else self.person()
                language = self.user_language[author]
                deleted = rnd.random() < 0.01
                body = "" if deleted else self.text(language, rnd.randint(1, 6))
                edited = None if deleted or rnd.random() > 0.03 else created + timedelta(minutes=9)
                self.comments.append([
                    comment_id, thread_id, parent_id, root, depth, c["id"], author, None,
                    official, rnd.random() < 0.005, alignment, language, body,
                    "deleted" if deleted else "published", 0, created, edited,
                    created + timedelta(hours=2) if deleted else None, "visible", None,
                ])  # fmt: skip
                if depth < 3 and not deleted:
                    parents.append((comment_id, depth, root))

    def make_comment_supports(self):
        rnd = self.rnd
        published = [c for c in self.comments if c[COMMENT["state"]] == "published"]
        weights = [min(rnd.paretovariate(1.3), 200) for _ in published]
        cap = max(1, min(500, self.counts["users"] // 2))
        wanted = allocate(self.counts["comment_supports"], weights, [cap] * len(published))
        self.comment_supporters = {}
        for comment, count in zip(published, wanted, strict=True):
            if count:
                chosen = self.others(count, comment[COMMENT["author_id"]])
                self.comment_supporters[comment[0]] = chosen
                comment[COMMENT["supports_count"]] = len(chosen)
        self.counts["comment_supports"] = sum(map(len, self.comment_supporters.values()))

    def comment_support_rows(self):
        rnd, now = self.rnd, self.now
        created_at = COMMENT["created_at"]
        for comment in self.comments:
            for user in self.comment_supporters.get(comment[0], ()):
                moment = comment[created_at] + timedelta(seconds=rnd.randint(60, 172_800))
                yield (comment[0], user, min(moment, now))

    # Moderation -------------------------------------------------------------------------------

    def make_moderation(self):
        """Flags on a share of proposals and comments, and what became of them: hidden by a
        moderator, flags dismissed, hidden and restored, still open, or held for review (enough
        flags, or personal information reported once)."""
        rnd = self.rnd
        listed = [p for p in self.proposals if p["state"] in LISTED_STATES]
        published = [c for c in self.comments if c[COMMENT["state"]] == "published"]
        items = self.counts["flagged_items"]
        proposals = rnd.sample(listed, min(len(listed), max(1, items // 4)))
        comments = rnd.sample(published, min(len(published), items - len(proposals)))
        self.flags, self.decisions = [], []
        outcomes = ("hide", "dismiss", "hide_restore", "open", "pending")
        for item in [*proposals, *comments]:
            if isinstance(item, dict):
                kind, item_id, author = "proposals", item["id"], item["author_id"]
                consultation_id, created = item["consultation_id"], item["published_at"]
            else:
                kind, item_id, author = "comments", item[0], item[COMMENT["author_id"]]
                consultation_id = item[COMMENT["consultation_id"]]
                created = item[COMMENT["created_at"]]
            outcome = rnd.choices(outcomes, (35, 25, 5, 20, 15))[0]
            if outcome == "open":
                reasons = rnd.choices(FLAG_REASONS[:2] + FLAG_REASONS[3:], k=rnd.randint(1, 2))
            elif outcome == "pending":
                reasons = ["personal_info"] if rnd.random() < 0.3 else ["spam", "hate", "spam"]
            else:
                reasons = rnd.choices(FLAG_REASONS, k=rnd.randint(1, 6))
            flaggers = self.others(len(reasons), author)
            moment = self.moment(created, created + timedelta(days=3))
            decision_id = None
            if outcome in ("hide", "dismiss", "hide_restore"):
                breach = Counter(reasons).most_common(1)[0][0]
                decided = min(moment + timedelta(hours=6), self.now)
                decision_id = self.decide(kind, item_id, consultation_id, outcome, breach, decided)
            for user, reason in zip(flaggers, reasons, strict=False):
                details = "Explained in a few words." if reason == "other" else ""
                self.flags.append([
                    len(self.flags) + 1, kind, item_id, consultation_id, user, reason, details,
                    moment, decision_id,
                ])  # fmt: skip
            if outcome == "hide":
                moderation, why = "hidden", breach
            elif outcome == "pending":
                moderation = "pending"
                why = "personal_info" if reasons == ["personal_info"] else "flagged"
            else:
                moderation, why = "visible", None
            if isinstance(item, dict):
                item["moderation"], item["hidden_reason"] = moderation, why
            else:
                item[COMMENT["moderation"]], item[COMMENT["hidden_reason"]] = moderation, why

    def decide(self, kind, item_id, consultation_id, outcome, breach, moment):
        """The decision(s) a moderator took; returns the one that resolved the flags."""
        moderator = self.rnd.choice(self.staff["moderator"])
        actions = {
            "hide": [("hide", breach)], "dismiss": [("dismiss", "no_breach")],
            "hide_restore": [("hide", breach), ("restore", "no_breach")],
        }[outcome]  # fmt: skip
        first = len(self.decisions) + 1
        for n, (action, reason) in enumerate(actions):
            self.decisions.append((
                len(self.decisions) + 1, kind, item_id, consultation_id, moderator, action,
                reason, "Checked against the rules of participation.",
                moment + timedelta(minutes=n),
            ))  # fmt: skip
        return first

    # Counters ---------------------------------------------------------------------------------

    def make_counters(self):
        """Every counter from the rows just made: visible published comments per thread (and
        its proposal), listed proposals per consultation. (Supports were counted as drawn.)"""
        for comment in self.comments:
            visible = comment[COMMENT["moderation"]] == "visible"
            if comment[COMMENT["state"]] == "published" and visible:
                self.threads[comment[COMMENT["thread_id"]] - 1][THREAD_COUNT] += 1
        for p in self.proposals:
            if "thread" in p:
                p["comments_count"] = p["thread"][THREAD_COUNT]
            if p["state"] in LISTED_STATES and p["moderation"] == "visible":
                p["consultation"]["proposals_count"] += 1

    # Translations -----------------------------------------------------------------------------

    def make_translations(self):
        """Consultations in every language by people; a share of proposal titles, bodies and
        answers and of comments by machine (some reviewed) or by people, and a few by their
        authors."""
        from consult.core.text import fold

        rnd, now = self.rnd, self.now
        translators = self.staff["translator"]
        self.translations = []

        def add(kind, object_id, field, locale, text, origin, author=None):
            translator = author if origin == "author" else (
                rnd.choice(translators) if origin == "human" else None
            )  # fmt: skip
            reviewed = origin == "human" and rnd.random() < 0.6 or rnd.random() < 0.1
            created = now - timedelta(days=rnd.randint(0, 60))
            self.translations.append((
                len(self.translations) + 1, kind, object_id, field, locale, text, origin,
                translator, "reviewed" if reviewed else "unreviewed",
                rnd.choice(translators) if reviewed else None, created if reviewed else None,
                fold(text), created, created,
            ))  # fmt: skip

        def origin():
            return rnd.choices(("machine", "human", "author"), (65, 30, 5))[0]

        def targets(language, most):
            choices = [t for t in TRANSLATED_INTO if t != language]
            return rnd.sample(choices, rnd.randint(1, most))

        for c in self.consultations:
            for locale in (t for t in TRANSLATED_INTO if t != c["language"]):
                topic = TOPICS[locale][c["id"] % 7]
                add("consultations", c["id"], "title", locale, f"{c['id']}: {topic}", "human")
                add("consultations", c["id"], "summary", locale, SENTENCES[locale][c["id"] % 6],
                    "human")  # fmt: skip
        for p in self.proposals:
            if p["state"] == "draft":
                continue
            if rnd.random() < 0.45:
                for locale in targets(p["language"], 4):
                    title = f"{PROPOSAL_WORD[locale]} {p['id']}: {rnd.choice(TOPICS[locale])}"
                    add("proposals", p["id"], "title", locale, title, origin(), p["author_id"])
            if rnd.random() < 0.15:
                for locale in targets(p["language"], 3):
                    body = self.text(locale, rnd.randint(4, 12))
                    add("proposals", p["id"], "body", locale, body, origin(), p["author_id"])
            if p["answer"] and rnd.random() < 0.3:
                for locale in targets(p["answer_language"], 2):
                    add("proposals", p["id"], "answer", locale, self.text(locale, 3), "human")
        for comment in self.comments:
            if comment[COMMENT["state"]] == "published" and rnd.random() < 0.12:
                for locale in targets(comment[COMMENT["language"]], 2):
                    kind = rnd.choices(("machine", "human"), (85, 15))[0]
                    add("comments", comment[0], "body", locale, self.text(locale, 2), kind)
        self.reads = [
            ("proposals", p["id"], int(min(rnd.paretovariate(1.1), 1000) * 10))
            for p in self.proposals
            if p["state"] in LISTED_STATES
        ] + [("consultations", c["id"], rnd.randint(100, 100_000)) for c in self.consultations]

    # Tables, as written -----------------------------------------------------------------------

    def tables(self):
        """(table, columns, rows) in an order the foreign keys accept. Supports go without an
        id (the sequence numbers them); every other table with an id brings its own."""
        consultation_columns = [c for c in self.consultations[0] if c != "phase"]
        proposal_columns = [c for c in self.proposals[0] if c not in ("consultation", "thread")]
        now = self.now
        return [
            ("users", USER_COLUMNS, self.users),
            ("role_grants", ["user_id", "role", "granted_at", "granted_by_id"], self.role_grants),
            ("translator_languages", ["user_id", "locale", "created_at"],
             self.translator_languages),
            ("consultations", consultation_columns,
             ([c[k] for k in consultation_columns] for c in self.consultations)),
            ("local_roles", ["user_id", "role", "object_type", "object_id", "granted_at"],
             [(self.staff["moderator"][c["id"] % len(self.staff["moderator"])], "moderator",
               "consultations", c["id"], now) for c in self.consultations]),
            ("proposals", proposal_columns,
             ([p[k] for k in proposal_columns] for p in self.proposals)),
            ("supports", ["proposal_id", "user_id", "consultation_id", "created_at",
                          "assisted_by_id"], self.support_rows()),
            ("participations", ["consultation_id", "user_id", "supports_used", "created_at"],
             self.participations),
            ("threads", THREAD_COLUMNS, self.threads),
            ("comments", list(COMMENT), self.comments),
            ("comment_supports", ["comment_id", "user_id", "created_at"],
             self.comment_support_rows()),
            ("moderation_decisions", DECISION_COLUMNS, self.decisions),
            ("flags", FLAG_COLUMNS, self.flags),
            ("content_translations", TRANSLATION_COLUMNS, self.translations),
            ("content_reads", ["object_type", "object_id", "reads"], self.reads),
        ]  # fmt: skip

    def showcase(self):
        """Ids worth loading in a benchmark: the consultation with most proposals, its
        proposal with the most comments, the most discussed proposal, a voting consultation."""
        listed = [p for p in self.proposals if p["state"] in LISTED_STATES]
        busiest = max(self.consultations, key=lambda c: c["proposals_count"])
        discussed = max(listed, key=lambda p: p["comments_count"])
        voting = [c["id"] for c in self.consultations if c["phase"] == "voting"]
        return {
            "consultation": busiest["id"],
            "consultation_proposals": busiest["proposals_count"],
            "voting_consultations": voting,
            "proposal_most_comments": discussed["id"],
            "proposal_most_comments_count": discussed["comments_count"],
            "proposal_most_supports": max(listed, key=lambda p: p["supports_count"])["id"],
            "password": PASSWORD,
            "email": "user{}@city.example",
        }


ALIGNMENTS = ("in_favour", "against", "neutral")
USER_COLUMNS = [
    "id", "email", "password_hash", "display_name", "display_name_key", "preferred_locale",
    "terms_version", "terms_accepted_at", "session_token", "created_at", "blocked_at",
    "verified_until", "block_reason", "reading_languages", "search_text",
]  # fmt: skip
USER_VERIFIED = USER_COLUMNS.index("verified_until")
THREAD_COLUMNS = [
    "id", "object_type", "object_id", "consultation_id", "locked_at", "locked_by_id",
    "comments_count", "summary", "summary_language", "summary_until_id", "summary_comments",
    "summarised_at", "summarised_by_id", "created_at",
]  # fmt: skip
THREAD_COUNT = THREAD_COLUMNS.index("comments_count")
#: Comment columns and their places in a comment's row.
COMMENT = {
    name: i
    for i, name in enumerate([
        "id", "thread_id", "parent_id", "root_id", "depth", "consultation_id", "author_id",
        "organisation_id", "official", "highlighted", "alignment", "language", "body", "state",
        "supports_count", "created_at", "edited_at", "deleted_at", "moderation", "hidden_reason",
    ])
}  # fmt: skip
DECISION_COLUMNS = [
    "id", "object_type", "object_id", "consultation_id", "moderator_id", "action", "reason",
    "text", "created_at",
]  # fmt: skip
FLAG_COLUMNS = [
    "id", "object_type", "object_id", "consultation_id", "user_id", "reason", "details",
    "created_at", "decision_id",
]  # fmt: skip
TRANSLATION_COLUMNS = [
    "id", "object_type", "object_id", "field", "locale", "text", "origin", "translator_id",
    "review_state", "reviewed_by_id", "reviewed_at", "search_text", "created_at", "updated_at",
]  # fmt: skip


# Writing ----------------------------------------------------------------------------------------

#: Rows per Core insert on SQLite.
BATCH = 20_000


def fresh_database(database_url):
    """An empty, migrated database at ``database_url`` (created first on PostgreSQL when it does
    not exist) and the application bound to it."""
    import flask_migrate
    import sqlalchemy as sa

    from consult import create_app
    from consult.extensions import db

    url = sa.engine.make_url(database_url)
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
        server = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with server.connect() as conn:
            exists = conn.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
            )
            if not exists:
                conn.exec_driver_sql(f'CREATE DATABASE "{url.database}"')
        server.dispose()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url.render_as_string(False), "JOBS": "off"})
    with app.app_context():
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            else:
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                for (table,) in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                ).all():
                    conn.exec_driver_sql(f'DROP TABLE "{table}"')
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        flask_migrate.upgrade()
    return app


def write(engine, table, columns, rows):
    """Write ``rows`` (tuples in ``columns`` order) into ``table`` in one transaction: COPY on
    PostgreSQL, Core inserts of :data:`BATCH` rows on SQLite. Returns the number of rows."""
    import sqlalchemy as sa
    from psycopg.types.json import Json

    from consult.extensions import db

    columns_of_table = db.metadata.tables[table].columns
    written = 0
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL synchronous_commit = off")
            json_at = [
                i for i, c in enumerate(columns) if isinstance(columns_of_table[c].type, sa.JSON)
            ]
            copy_sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with (
                conn.connection.driver_connection.cursor() as cursor,
                cursor.copy(copy_sql) as copy,
            ):
                for row in rows:
                    if json_at:
                        row = list(row)
                        for i in json_at:
                            row[i] = Json(row[i])
                    copy.write_row(row)
                    written += 1
        else:
            insert = db.metadata.tables[table].insert()
            batch = []
            for row in rows:
                batch.append(dict(zip(columns, row, strict=True)))
                if len(batch) == BATCH:
                    conn.execute(insert, batch)
                    written += len(batch)
                    batch = []
            if batch:
                conn.execute(insert, batch)
                written += len(batch)
    return written


def finish(engine, tables):
    """Sequences of ``tables`` past the ids written (PostgreSQL), and statistics for the
    planner (and, on PostgreSQL, a visibility map, so that counts can use index-only scans)."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for table in tables:
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}"  # noqa: S608
                )
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


# Checking ---------------------------------------------------------------------------------------


def consistency_checks():
    """{check: SQL whose rows are the inconsistencies it finds}: the drift queries of ``flask
    supports recount`` and their like for every other counter and key the data set relies on."""
    from consult.supports.cli import PARTICIPATION_DRIFT, PROPOSAL_DRIFT

    listed = ", ".join(f"'{state}'" for state in LISTED_STATES)
    return {
        "proposal supports_count (flask supports recount)": PROPOSAL_DRIFT,
        "participation supports_used (flask supports recount)": PARTICIPATION_DRIFT,
        "thread comments_count = visible published comments": """
            SELECT t.id FROM threads t LEFT JOIN (
              SELECT thread_id, COUNT(*) AS n FROM comments
              WHERE state = 'published' AND moderation = 'visible' GROUP BY thread_id
            ) c ON c.thread_id = t.id
            WHERE t.comments_count <> COALESCE(c.n, 0)""",
        "proposal comments_count = its thread's": """
            SELECT p.id FROM proposals p
            LEFT JOIN threads t ON t.object_type = 'proposals' AND t.object_id = p.id
            WHERE p.comments_count <> COALESCE(t.comments_count, 0)""",
        "consultation proposals_count = listed, visible proposals": f"""
            SELECT c.id FROM consultations c LEFT JOIN (
              SELECT consultation_id, COUNT(*) AS n FROM proposals
              WHERE state IN ({listed}) AND moderation = 'visible' GROUP BY consultation_id
            ) p ON p.consultation_id = c.id
            WHERE c.proposals_count <> COALESCE(p.n, 0)""",  # noqa: S608 (fixed states)
        "comment supports_count": """
            SELECT c.id FROM comments c LEFT JOIN (
              SELECT comment_id, COUNT(*) AS n FROM comment_supports GROUP BY comment_id
            ) s ON s.comment_id = c.id
            WHERE c.supports_count <> COALESCE(s.n, 0)""",
        "one support per (proposal, user)": """
            SELECT proposal_id, user_id FROM supports
            GROUP BY proposal_id, user_id HAVING COUNT(*) > 1""",
        "support's consultation = its proposal's": """
            SELECT s.id FROM supports s JOIN proposals p ON p.id = s.proposal_id
            WHERE s.consultation_id <> p.consultation_id""",
        "supports within the limit per person": """
            SELECT pa.user_id FROM participations pa
            JOIN consultations c ON c.id = pa.consultation_id
            WHERE c.supports_per_person > 0 AND pa.supports_used > c.supports_per_person""",
        "replies one level below their parent, same thread and root": """
            SELECT r.id FROM comments r JOIN comments p ON p.id = r.parent_id
            WHERE r.depth <> p.depth + 1 OR r.thread_id <> p.thread_id
               OR r.root_id <> COALESCE(p.root_id, p.id)""",
        "hidden items say why, visible ones do not": """
            SELECT id FROM proposals WHERE (moderation = 'visible') <> (hidden_reason IS NULL)
            UNION ALL
            SELECT id FROM comments WHERE (moderation = 'visible') <> (hidden_reason IS NULL)""",
        "merged proposals point within their consultation": """
            SELECT p.id FROM proposals p JOIN proposals t ON t.id = p.merged_into_id
            WHERE t.consultation_id <> p.consultation_id""",
    }


def check(engine):
    """{check: inconsistencies found} over the whole database (all should be 0)."""
    import sqlalchemy as sa

    found = {}
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET work_mem = '64MB'")
        for name, query in consistency_checks().items():
            found[name] = conn.scalar(sa.text(f"SELECT COUNT(*) FROM ({query}) AS found"))  # noqa: S608
    return found


def row_counts(engine, tables):
    with engine.connect() as conn:
        return {
            t: conn.exec_driver_sql(f"SELECT COUNT(*) FROM {t}").scalar()  # noqa: S608
            for t in tables
        }


# The generator ----------------------------------------------------------------------------------


def generate(database_url, scale=1.0, seed=1, report=print):
    """Empty and migrate the database at ``database_url``, fill it with a city at ``scale``
    (1.0: :data:`CITY`), check it. Returns ``{"counts": rows per table, "planned": plan(scale)
    with the supports the scale could hold, "checks": {check: inconsistencies}, "seconds":
    {step: seconds}, "showcase": ids worth benchmarking}``. ``report`` gets a line per step."""
    from consult.extensions import db

    started = time.perf_counter()
    app = fresh_database(database_url)
    seconds = {"migrate": time.perf_counter() - started}
    report(f"{'migrate':<26} {seconds['migrate']:8.1f} s")
    city = City(scale, seed).build()
    for step, took in city.seconds.items():
        seconds[f"generate {step}"] = took
        report(f"{'generate ' + step:<26} {took:8.1f} s")
    written = {}
    with app.app_context():
        engine = db.engine
        for table, columns, rows in city.tables():
            began = time.perf_counter()
            written[table] = write(engine, table, columns, rows)
            took = seconds[f"write {table}"] = time.perf_counter() - began
            rate = written[table] / took if took else 0
            report(f"{'write ' + table:<26} {took:8.1f} s  {written[table]:>10,} rows "
                   f"{rate:>12,.0f} rows/s")  # fmt: skip
        began = time.perf_counter()
        finish(engine, [t for t, columns, _rows in city.tables() if columns[0] == "id"])
        seconds["analyse"] = time.perf_counter() - began
        report(f"{'analyse':<26} {seconds['analyse']:8.1f} s")
        seconds["total"] = time.perf_counter() - started
        report(f"{'total':<26} {seconds['total']:8.1f} s")
        began = time.perf_counter()
        checks = check(engine)
        counts = row_counts(engine, list(written))
        seconds["checks"] = time.perf_counter() - began
        engine.dispose()
    for name, found in checks.items():
        report(f"{'ok ' if found == 0 else 'FAIL'} {name}: {found} inconsistent")
    report(f"checks took {seconds['checks']:.1f} s")
    return {
        "counts": counts,
        "written": written,
        "planned": city.counts,
        "checks": checks,
        "seconds": seconds,
        "showcase": city.showcase(),
    }


def main():
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", help="SQLAlchemy URL (default: a new SQLite file)")
    parser.add_argument("--scale", default="city", help="city (1.0) or a number (0.01)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    scale = 1.0 if args.scale == "city" else float(args.scale)
    database = args.database
    if not database:
        database = f"sqlite:///{tempfile.mkdtemp(prefix='consult-city-')}/city.sqlite3"
    print(f"Scale {scale:g} into {database}")
    result = generate(database, scale, args.seed)
    print(json.dumps({k: result[k] for k in ("counts", "showcase")}, indent=2, ensure_ascii=False))
    return 0 if not any(result["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
