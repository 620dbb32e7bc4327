"""Read-only queries behind the proposal pages. Each runs a constant number of SQL statements
whatever the data holds, and loads what its page shows (the relationships never load
themselves)."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from sqlalchemy import BigInteger, cast, exists, or_, select, tuple_
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from consult.accounts.models import User
from consult.core import content, pagecache
from consult.core.history import HistoryEntry
from consult.core.languages import CONTENT_LANGUAGES
from consult.core.pagination import Page, paginate
from consult.core.permissions import can
from consult.core.search import clean_query, text_matches
from consult.extensions import db
from consult.proposals.models import VISIBLE_STATES, Proposal
from consult.translations.display import Localized, load_translations, reading_chain
from consult.translations.models import ContentTranslation

PER_PAGE = 20
HISTORY_PER_PAGE = 50
#: How many proposals the merge form offers as targets, newest first.
MERGE_TARGETS_MAX = 500
SORTS = ("newest", "supported", "commented", "random")
DEFAULT_SORT = "newest"
#: The states a visitor can filter the list by (the visible ones).
FILTER_STATES = VISIBLE_STATES

#: The random order hashes each id with the visitor's seed: ``h = (id * a + b) mod M``, then
#: ``(h * h + a) mod M`` (the square breaks up runs of consecutive ids that a merely linear
#: step leaves in order for some seeds). M is a prime below 2**31, so every product stays
#: within 64 bits on SQLite and PostgreSQL alike; ties fall back to the id.
RANDOM_MODULUS = 2_147_483_647
SEED_KEY = "proposals_seed"

#: The fields shown in the reader's language, with the language each is written in.
CONTENT_FIELDS = {"title": None, "body": None}
ANSWER_FIELDS = {"answer": lambda proposal: proposal.answer_language}
CONSULTATION_FIELDS = {"title": None}


@dataclass(frozen=True)
class Filters:
    state: str | None = None
    category: str | None = None
    language: str | None = None
    sort: str = DEFAULT_SORT
    #: Words to find in the title or body, or in a translation of them.
    q: str = ""

    def as_args(self):
        """The filters as query arguments (the defaults left out)."""
        args = {
            "q": self.q,
            "state": self.state,
            "category": self.category,
            "language": self.language,
        }
        if self.sort != DEFAULT_SORT:
            args["sort"] = self.sort
        return {key: value for key, value in args.items() if value}


def parse_filters(args, consultation):
    """The filters asked for in ``args``; anything unknown is the default (no filter, newest)."""

    def pick(name, allowed):
        value = args.get(name)
        return value if isinstance(value, str) and value in allowed else None

    return Filters(
        state=pick("state", FILTER_STATES),
        category=pick("category", consultation.categories or ()),
        language=pick("language", CONTENT_LANGUAGES),
        sort=pick("sort", SORTS) or DEFAULT_SORT,
        q=clean_query(args.get("q")),
    )


def random_seed(session):
    """The visitor's seed for the random order, kept in their session so that the order stays
    the same across pages and reloads (and another visitor gets another order)."""
    pagecache.personal()
    seed = session.get(SEED_KEY)
    if not isinstance(seed, int) or not 0 < seed < RANDOM_MODULUS:
        seed = secrets.randbelow(RANDOM_MODULUS - 1) + 1
        session[SEED_KEY] = seed
    return seed


def random_order(seed):
    """An ORDER BY that shuffles proposals by ``seed``, the same way on SQLite and PostgreSQL."""
    # Spread the seed first, so that small seeds (1, 2 …) shuffle as well as any.
    a = (seed * 16_807) % RANDOM_MODULUS or 1
    # Not linear in the seed: seeds s and M - s would otherwise give h and -h, the same square.
    b = (seed * seed + 48_271) % RANDOM_MODULUS
    h = (cast(Proposal.id, BigInteger) * a + b) % RANDOM_MODULUS
    return ((h * h + a) % RANDOM_MODULUS, Proposal.id)


def _ordering(sort, seed):
    newest = (Proposal.published_at.desc(), Proposal.id.desc())
    if sort == "supported":
        return (Proposal.supports_count.desc(), *newest)
    if sort == "commented":
        return (Proposal.comments_count.desc(), *newest)
    if sort == "random" and seed is not None:
        return random_order(seed)
    return newest


def _with_authors(proposals):
    """The proposals, their ``author`` loaded (one statement, for these rows only)."""
    ids = {proposal.author_id for proposal in proposals}
    authors = {}
    if ids:
        authors = {
            user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))
        }
    for proposal in proposals:
        set_committed_value(proposal, "author", authors.get(proposal.author_id))
    return proposals


def proposals_page(consultation, filters, page, seed=None, after=None):
    """One page of the consultation's visible proposals, filtered and sorted, with their authors
    (two statements: the page's rows with the count of all, then the page's authors; the count
    reads the proposals' rows only, which is why the authors are not joined to them)."""
    stmt = (
        select(Proposal).where(Proposal.consultation_id == consultation.id).where(Proposal.listed())
    )
    if filters.state:
        stmt = stmt.where(Proposal.state == filters.state)
    if filters.category:
        stmt = stmt.where(Proposal.category == filters.category)
    if filters.language:
        translated = exists().where(
            ContentTranslation.object_type == Proposal.__tablename__,
            ContentTranslation.object_id == Proposal.id,
            ContentTranslation.field == "title",
            ContentTranslation.locale == filters.language,
        )
        stmt = stmt.where(or_(Proposal.language == filters.language, translated))
    found = text_matches(Proposal, filters.q, CONTENT_FIELDS)
    if found is not None:
        stmt = stmt.where(found)
    stmt = stmt.order_by(*_ordering(filters.sort, seed))
    if after is not None and page > 1 and filters.sort in KEYSET_SORTS:
        # The page after the cursor: an index range scan, not an OFFSET past every row
        # before it. The count over the rows left gives the total.
        result = paginate(stmt.where(_after(filters.sort, after)), 1, PER_PAGE)
        if result.items:
            items = _with_authors(result.items)
            total = (page - 1) * PER_PAGE + result.total
            return Page(items, page, total, PER_PAGE, _next_args(filters.sort, items, page, total))
    result = paginate(stmt, page, per_page=PER_PAGE)
    items = _with_authors(result.items)
    return Page(
        items,
        result.number,
        result.total,
        PER_PAGE,
        _next_args(filters.sort, items, result.number, result.total),
    )


#: The sorts whose next pages follow a cursor (``?after=``) rather than an OFFSET.
KEYSET_SORTS = ("newest", "supported")
#: Links to the first pages stay plain page numbers (a short OFFSET costs nothing); the link to
#: any page after these carries a cursor.
SHALLOW_PAGES = 2


def _sort_key(sort, proposal):
    newest = (proposal.published_at, proposal.id)
    return (proposal.supports_count, *newest) if sort == "supported" else newest


def _after(sort, cursor):
    """The rows after ``cursor`` in the sort's (descending) order."""
    columns = [Proposal.published_at, Proposal.id]
    if sort == "supported":
        columns.insert(0, Proposal.supports_count)
    return tuple_(*columns) < tuple_(*cursor)


def _next_args(sort, items, number, total):
    """``{"after": cursor}`` for the link to the next page, when there is one, it is past the
    shallow pages and the sort follows cursors."""
    if sort not in KEYSET_SORTS or not items or number * PER_PAGE >= total:
        return None
    if number < SHALLOW_PAGES:
        return None
    last = items[-1]
    if last.published_at is None:
        return None
    parts = [str(part) for part in _sort_key(sort, last)]
    parts[-2] = last.published_at.isoformat()
    return {"after": ",".join(parts)}


def parse_cursor(value, sort):
    """The cursor of ``?after=`` for ``sort`` (``published_at,id``, with the supports count
    first for the most supported), or None for anything else."""
    if sort not in KEYSET_SORTS or not isinstance(value, str) or len(value) > 80:
        return None
    parts = value.split(",")
    if len(parts) != (3 if sort == "supported" else 2):
        return None
    try:
        when = datetime.fromisoformat(parts[-2])
        ids = [int(part) for part in (*parts[:-2], parts[-1])]
    except ValueError:
        return None
    if when.tzinfo is not None or any(n < 0 or n >= 2**63 for n in ids):
        return None
    return (*ids[:-1], when, ids[-1])


def drafts_of(user, consultation, limit=20):
    """The user's own drafts in the consultation, newest first (only they see them)."""
    return db.session.scalars(
        select(Proposal)
        .where(
            Proposal.consultation_id == consultation.id,
            Proposal.author_id == user.id,
            Proposal.state == "draft",
        )
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
        .limit(limit)
    ).all()


def load_proposal(proposal_id, people=True):
    """The proposal with its consultation, author and merge target (one statement), or None;
    with ``people=False`` its consultation only (for an action that does not show it)."""
    also = (joinedload(Proposal.author), joinedload(Proposal.merged_into)) if people else ()
    return db.session.scalars(
        select(Proposal)
        .where(Proposal.id == proposal_id)
        .options(joinedload(Proposal.consultation), *also)
    ).one_or_none()


def load_proposal_page(proposal_id):
    """``(proposal, thread, disposition)`` for the proposal's page, with what
    :func:`load_proposal` loads, in one statement; None when there is no such proposal."""
    from consult.feedback.models import Thread
    from consult.feedback.queries import thread_join
    from consult.outcomes.models import Disposition

    row = db.session.execute(
        select(Proposal, Thread, Disposition)
        .outerjoin(Thread, thread_join(Proposal))
        .outerjoin(Disposition, Disposition.proposal_id == Proposal.id)
        .where(Proposal.id == proposal_id)
        .options(
            joinedload(Proposal.consultation),
            joinedload(Proposal.author).lazyload(User.roles),
            joinedload(Proposal.merged_into),
        )
    ).one_or_none()
    return tuple(row) if row is not None else None


def history_page(proposal, page, moderation=False):
    """The proposal's history, oldest first (a story from its creation), each entry as
    ``(entry, the actor's public name or None)`` (two statements, whatever the number).

    Moderation steps (hidden, restored) are in it only with ``moderation``: for its moderators,
    who see every decision in the moderation record anyway."""
    stmt = (
        select(HistoryEntry, User.display_name)
        .outerjoin(User, HistoryEntry.actor_id == User.id)
        .where(
            HistoryEntry.object_type == Proposal.__tablename__,
            HistoryEntry.object_id == proposal.id,
        )
        .order_by(HistoryEntry.created_at, HistoryEntry.id)
    )
    if not moderation:
        stmt = stmt.where(HistoryEntry.action.not_like("moderation.%"))
    return paginate(stmt, page, per_page=HISTORY_PER_PAGE, rows=True)


def merge_targets(proposal, limit=MERGE_TARGETS_MAX):
    """The proposals ``proposal`` could be merged into: the other visible ones of its
    consultation, newest first."""
    return db.session.scalars(
        select(Proposal)
        .where(
            Proposal.consultation_id == proposal.consultation_id,
            Proposal.listed(),
            Proposal.id != proposal.id,
        )
        .order_by(Proposal.id.desc())
        .limit(limit)
    ).all()


def find_target(proposal_id):
    return db.session.get(Proposal, proposal_id) if proposal_id else None


@dataclass(frozen=True)
class Shown:
    """What a page shows of a proposal in the reader's language."""

    content: Localized
    answer: Localized
    #: Whether the title or body has a translation into the reader's language (offered when the
    #: page shows the original).
    has_translation: bool


def localize_page(locale, proposals=(), consultation=None, original=False):
    """Each proposal's title and body, and official answer, in ``locale`` (the originals when
    ``original``), and the consultation's title: one statement for all of them.

    Returns ``({proposal id: Shown}, localized consultation or None)``."""
    objects = [*proposals, *([consultation] if consultation is not None else [])]
    locale = reading_chain(locale)
    found = load_translations(objects, locale) if objects else {}

    def translations_of(obj):
        return found.get((obj.__tablename__, obj.id), {})

    shown = {}
    for p in proposals:
        rows = translations_of(p)
        content = {} if original else rows
        has_translation = any(field in CONTENT_FIELDS for field, _locale in rows)
        shown[p.id] = Shown(
            Localized(p, locale, content, CONTENT_FIELDS),
            Localized(p, locale, content, ANSWER_FIELDS),
            has_translation,
        )
    localized_consultation = (
        Localized(consultation, locale, translations_of(consultation), CONSULTATION_FIELDS)
        if consultation is not None
        else None
    )
    return shown, localized_consultation


def original_of(proposal, locale):
    """The proposal's title and body as written (no query)."""
    return Localized(proposal, locale, {}, CONTENT_FIELDS)


content.register(
    content.ContentType(
        "proposal",
        Proposal,
        load_proposal,
        lambda user, proposal: can(user, "proposal.view", proposal),
        lambda proposal: url_for("proposals.detail", proposal_id=proposal.id),
    )
)
