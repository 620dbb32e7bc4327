"""How a published revision becomes the plan's next version: the base version's sections and
measures copied into it with the amendments applied (added measures numbered after the last of
their section, retired ones kept and marked), and the translations of what did not change
carried over. ``operations.publish`` calls it inside its transaction."""

import sqlalchemy as sa

from consult.actionplan.models import Measure, PlanSection, PlanVersion
from consult.core import signals
from consult.extensions import db


def copy_version(contents, version, amendments):
    """The base's sections and measures into ``version``, the amendments applied; the
    translations of what did not change come along."""
    from consult.translations.operations import copy_all

    by_measure = {a.measure_key: a for a in amendments if a.kind != "add"}
    for section in contents.sections:
        copy = PlanSection(
            version_id=version.id,
            key=section.key,
            number=section.number,
            title=section.title,
            description=section.description,
            language=section.language,
        )
        db.session.add(copy)
        db.session.flush()
        copy_all(section, copy)
    written = []
    for measures in contents.measures.values():
        for measure in measures:
            amendment = by_measure.get(measure.key)
            fields = {name: getattr(measure, name) for name in MEASURE_FIELDS}
            if amendment is not None and amendment.kind == "retire":
                fields["state"] = "retired"
            elif amendment is not None:
                fields.update({name: getattr(amendment, name) for name in AMENDED_FIELDS})
            copy = Measure(
                version_id=version.id,
                amendment_id=amendment.id if amendment is not None else None,
                **fields,
            )
            db.session.add(copy)
            db.session.flush()
            if amendment is None or amendment.kind == "retire":
                copy_all(measure, copy)
            else:
                written.append(copy)
    # Added measures take the next free number of their section (numbers are never reused)
    # and the next key of the plan.
    last = {
        key: max((int(m.code.split(".")[1]) for m in measures), default=0)
        for key, measures in contents.measures.items()
    }
    next_key = 1 + db.session.scalar(
        sa.select(sa.func.max(Measure.key))
        .join(PlanVersion, Measure.version_id == PlanVersion.id)
        .where(PlanVersion.plan_id == version.plan_id)
    )
    for amendment in (a for a in amendments if a.kind == "add"):
        section = contents.section(amendment.section_key)
        last[section.key] = last.get(section.key, 0) + 1
        amendment.measure_key = next_key
        measure = Measure(
            version_id=version.id,
            section_key=section.key,
            key=next_key,
            code=f"{section.number}.{last[section.key]}",
            amendment_id=amendment.id,
            **{name: getattr(amendment, name) for name in AMENDED_FIELDS},
        )
        db.session.add(measure)
        written.append(measure)
        next_key += 1
    db.session.flush()
    for measure in written:
        signals.wrote(measure)


#: What a copied measure keeps, and what an amendment sets.
MEASURE_FIELDS = ("section_key", "key", "code", "title", "description", "responsible_body",
                  "indicators", "state", "language")  # fmt: skip
AMENDED_FIELDS = ("title", "description", "responsible_body", "indicators", "language")
