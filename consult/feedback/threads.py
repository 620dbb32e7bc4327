"""One page of a thread as a reader sees it: its top-level comments with all their replies, what
the reader may see of each, translations, the reader's supports, highlighted comments and the
summary; one comment with its replies, and which page of the thread shows it; a comment loaded
with its people. A constant number of statements whatever the thread holds."""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, false, or_, select, true
from sqlalchemy.orm import aliased, lazyload
from sqlalchemy.orm.attributes import set_committed_value

from consult.accounts.models import User
from consult.core.pagination import Page, paginate
from consult.core.permissions import can
from consult.extensions import db
from consult.feedback.models import ALIGNMENTS, MAX_DEPTH, Comment, CommentSupport, Thread
from consult.organisations.models import Organisation
from consult.translations.display import Localized, load_translations, reading_chain

PER_PAGE = 20
HIGHLIGHTED_MAX = 5
SORTS = ("oldest", "newest", "supported")
DEFAULT_SORT = "oldest"
COMMENT_FIELDS = {"body": None}
SUMMARY_FIELDS = {"summary": None}


@dataclass(frozen=True)
class ThreadFilters:
    sort: str = DEFAULT_SORT
    alignment: str | None = None
    #: Only the comments a summary covers (up to this id).
    until: int | None = None

    def as_args(self):
        args = {"sort": self.sort if self.sort != DEFAULT_SORT else None}
        args["alignment"] = self.alignment
        args["until"] = self.until
        return {key: value for key, value in args.items() if value}


def parse_filters(args):
    sort = args.get("sort")
    alignment = args.get("alignment")
    until = args.get("until")
    return ThreadFilters(
        sort=sort if sort in SORTS else DEFAULT_SORT,
        alignment=alignment if alignment in ALIGNMENTS else None,
        until=int(until)
        if isinstance(until, str) and until.isdigit() and len(until) < 10
        else None,
    )


@dataclass
class ThreadView:
    """What a thread page shows to one reader."""

    discussion: object
    filters: ThreadFilters
    page: Page
    #: ``{comment id: [replies, oldest first]}``
    replies: dict = field(default_factory=dict)
    #: ``{comment id: Localized}`` of the comments whose text the reader may read.
    shown: dict = field(default_factory=dict)
    supported: set = field(default_factory=set)
    highlighted: list = field(default_factory=list)
    summary: object = None
    may_moderate: bool = False

    @property
    def thread(self):
        return self.discussion.thread

    def readable(self, comment):
        """May the reader read this comment's text (published, and visible to them)?"""
        return comment.id in self.shown


def _listed_at_top(thread, user, may_moderate):
    """The top-level comments a page of ``thread`` lists for ``user``: those they may read, and
    the others that have replies (shown as deleted or hidden, their replies in their place)."""
    sees_hidden = _sees_hidden_condition(user, may_moderate)
    readable = and_(Comment.state == "published", or_(Comment.moderation == "visible", sees_hidden))
    reply = aliased(Comment)
    # Within the thread: PostgreSQL then reads the thread's replies through its index, not every
    # comment of the site (250,000 in the city data set: 117 ms, now under 8).
    has_replies = (
        select(reply.id).where(reply.thread_id == thread.id, reply.parent_id == Comment.id).exists()
    )
    return or_(readable, has_replies)


def _sees_hidden_condition(user, may_moderate):
    """Which hidden comments the reader sees: all for its moderators, their own for an author,
    none for anyone else."""
    if may_moderate:
        return true()
    if getattr(user, "is_authenticated", False):
        return Comment.author_id == user.id
    return Comment.id.is_(None)


def _with_people(stmt):
    """``stmt`` with each comment's author and organisation. The authors' roles are not loaded
    (a thread never shows them): a page runs the same statements whether or not it has replies
    or highlighted comments."""
    return (
        stmt.join(User, Comment.author_id == User.id)
        .outerjoin(Organisation, Comment.organisation_id == Organisation.id)
        .options(lazyload(User.roles))
    )


def _attach(rows):
    comments = []
    for comment, author, organisation in rows:
        set_committed_value(comment, "author", author)
        set_committed_value(comment, "organisation", organisation)
        comments.append(comment)
    return comments


def _supported_by(user):
    """A column: does ``user`` support the comment (false for a visitor)?"""
    if not getattr(user, "is_authenticated", False):
        return false().label("supported")
    return (
        select(CommentSupport.comment_id)
        .where(CommentSupport.user_id == user.id, CommentSupport.comment_id == Comment.id)
        .exists()
        .label("supported")
    )


def _ordering(sort):
    if sort == "newest":
        return (Comment.created_at.desc(), Comment.id.desc())
    if sort == "supported":
        return (Comment.supports_count.desc(), Comment.created_at, Comment.id)
    return (Comment.created_at, Comment.id)


def thread_view(discussion, user, locale, filters, page, original=False):
    """One page of the discussion's thread as ``user`` sees it (``original``: every text as
    written, no translation)."""
    thread = discussion.thread
    may_moderate = thread is not None and can(user, "feedback.moderate", thread)
    if thread is None:
        return ThreadView(discussion, filters, Page([], 1, 0, PER_PAGE))
    listed = _listed_at_top(thread, user, may_moderate)
    stmt = (
        _with_people(select(Comment, User, Organisation))
        .where(Comment.thread_id == thread.id, Comment.depth == 0)
        .where(listed)
    )
    if filters.alignment:
        stmt = stmt.where(Comment.alignment == filters.alignment)
    if filters.until:
        stmt = stmt.where(Comment.id <= filters.until)
    supports = _supported_by(user)
    result = paginate(
        stmt.add_columns(supports).order_by(*_ordering(filters.sort)), page, PER_PAGE, rows=True
    )
    supported = {row[0].id for row in result.items if row[3]}
    top = _attach(row[:3] for row in result.items)
    # The replies below the page's comments and the highlighted comments, in one statement.
    highlighted_ids = (
        select(Comment.id)
        .where(
            Comment.thread_id == thread.id,
            Comment.highlighted.is_(True),
            Comment.state == "published",
            Comment.moderation == "visible",
        )
        .order_by(Comment.created_at, Comment.id)
        .limit(HIGHLIGHTED_MAX)
    )
    is_highlighted = Comment.id.in_(highlighted_ids)
    top_ids = [c.id for c in top]
    wanted = or_(Comment.root_id.in_(top_ids), is_highlighted) if top_ids else is_highlighted
    below, highlighted = [], []
    rows = db.session.execute(
        _with_people(select(Comment, User, Organisation, is_highlighted, supports))
        .where(Comment.thread_id == thread.id, wanted)  # (the thread's index, as above)
        .order_by(Comment.created_at, Comment.id)
    ).all()
    for comment, author, organisation, marked, mine in rows:
        set_committed_value(comment, "author", author)
        set_committed_value(comment, "organisation", organisation)
        if comment.root_id is not None and comment.root_id in top_ids:
            below.append(comment)
            if mine:
                supported.add(comment.id)
        if marked:
            highlighted.append(comment)
    everything = [*top, *below]
    may_read = _readable_ids(everything, user, may_moderate)
    replies = defaultdict(list)
    for comment in below:
        replies[comment.parent_id].append(comment)
    replies = _prune(replies, may_read)
    readable_comments = [c for c in everything if c.id in may_read] + highlighted
    locale = reading_chain(locale)
    translations = {} if original else load_translations([*readable_comments, thread], locale)
    shown = {
        c.id: Localized(c, locale, translations.get((c.__tablename__, c.id), {}), COMMENT_FIELDS)
        for c in readable_comments
    }
    summary = None
    if thread.summary:
        summary = Localized(
            thread, locale, translations.get((thread.__tablename__, thread.id), {}), SUMMARY_FIELDS
        )
    return ThreadView(
        discussion,
        filters,
        Page(top, result.number, result.total, PER_PAGE),
        dict(replies),
        shown,
        supported,
        highlighted,
        summary,
        may_moderate,
    )


def _readable_ids(comments, user, may_moderate):
    user_id = getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None
    return {
        c.id
        for c in comments
        if c.is_published and (not c.is_hidden or may_moderate or c.author_id == user_id)
    }


def _prune(replies, may_read):
    """Drop unreadable replies (deleted, or hidden from the reader) that have no readable reply
    below them; the others stay, shown as deleted or hidden, so their replies keep their place."""

    def keep(comment):
        kept = [child for child in replies.get(comment.id, []) if keep(child)]
        replies[comment.id] = kept
        return comment.id in may_read or bool(kept)

    for parent_id in list(replies):
        replies[parent_id] = [c for c in replies[parent_id] if keep(c)]
    return replies


def load_comment(comment_id):
    """The comment with its author, organisation and thread (one statement), or None."""
    row = db.session.execute(
        _with_people(select(Comment, User, Organisation, Thread))
        .join(Thread, Comment.thread_id == Thread.id)
        .where(Comment.id == comment_id)
    ).one_or_none()
    if row is None:
        return None
    comment, author, organisation, thread = row
    set_committed_value(comment, "author", author)
    set_committed_value(comment, "organisation", organisation)
    set_committed_value(comment, "thread", thread)
    return comment


def page_of(comment, user):
    """The page of its thread (oldest first, unfiltered) that shows ``comment``: its top-level
    comment's (one statement)."""
    root_id = comment.root_id or comment.id
    thread = db.session.get(Thread, comment.thread_id)
    may_moderate = can(user, "feedback.moderate", thread)
    listed = _listed_at_top(thread, user, may_moderate)
    root = aliased(Comment)
    before = db.session.scalar(
        select(db.func.count())
        .select_from(Comment)
        .join(root, root.id == root_id)
        .where(Comment.thread_id == comment.thread_id, Comment.depth == 0)
        .where(listed)
        .where(
            or_(
                Comment.created_at < root.created_at,
                and_(Comment.created_at == root.created_at, Comment.id < root.id),
            )
        )
    )
    return before // PER_PAGE + 1


def comment_view(discussion, comment, user, locale, original=False):
    """One comment of the discussion with every reply below it, as ``user`` sees them (a
    :class:`ThreadView` whose page holds just ``comment``; a constant number of statements)."""
    thread = discussion.thread
    may_moderate = can(user, "feedback.moderate", thread)
    below = []
    if comment.depth < MAX_DEPTH:
        root_id = comment.root_id or comment.id
        candidates = _attach(
            db.session.execute(
                _with_people(select(Comment, User, Organisation))
                .where(Comment.root_id == root_id, Comment.depth > comment.depth)
                .order_by(Comment.created_at, Comment.id)
            )
        )
        inside = {comment.id}
        for candidate in candidates:  # oldest first: a parent comes before its replies
            if candidate.parent_id in inside:
                inside.add(candidate.id)
                below.append(candidate)
    everything = [comment, *below]
    may_read = _readable_ids(everything, user, may_moderate)
    replies = defaultdict(list)
    for reply in below:
        replies[reply.parent_id].append(reply)
    replies = _prune(replies, may_read)
    readable_comments = [c for c in everything if c.id in may_read]
    locale = reading_chain(locale)
    translations = {} if original else load_translations(readable_comments, locale)
    shown = {
        c.id: Localized(c, locale, translations.get((c.__tablename__, c.id), {}), COMMENT_FIELDS)
        for c in readable_comments
    }
    supported = set()
    if getattr(user, "is_authenticated", False):
        supported = set(
            db.session.scalars(
                select(CommentSupport.comment_id).where(
                    CommentSupport.user_id == user.id,
                    CommentSupport.comment_id.in_([c.id for c in everything]),
                )
            )
        )
    return ThreadView(
        discussion,
        ThreadFilters(),
        Page([comment], 1, 1, PER_PAGE),
        dict(replies),
        shown,
        supported,
        may_moderate=may_moderate,
    )
