"""URL converters every domain's routes share."""

from werkzeug.routing import IntegerConverter


class IdConverter(IntegerConverter):
    """``<id:proposal_id>``: a row id, no larger than the database's integers hold, so that
    an absurd id in a URL is a 404, not an error."""

    def __init__(self, map):
        super().__init__(map, min=1, max=2_147_483_647)


def init_app(app):
    app.url_map.converters["id"] = IdConverter
