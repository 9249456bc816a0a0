"""A scale in use is versioned, not edited; an unused one is edited in place."""

from app.extensions import db
from app.models import Scale, Template
from app.services import scales as service
from app.services.publication import all_scales
from scorecards.scales import labelled_scale


def _three(label_en: str = "Good", name_en: str = "Three options"):
    points = [("Муу", "Bad", ""), ("Дунд", "Fair", ""), ("Сайн", label_en, "")]
    return labelled_scale("x", "Гурав", name_en, points, 3)


def test_unused_scale_is_edited_in_place_and_a_used_one_gets_a_new_version(base_app):
    row = service.create_scale(_three())
    assert row.code == "three-options" and not service.in_use(row)
    assert service.update_scale(row, _three(label_en="Fine")).new_version is False
    assert row.domain().label(3, "en") == "Fine"
    template = db.session.scalars(db.select(Template)).first()
    template.consensus_scale_id = row.id
    db.session.flush()
    assert service.in_use(row)
    renamed = service.update_scale(row, _three(label_en="Fine", name_en="Three choices"))
    assert renamed.new_version is False and renamed.scale.id == row.id
    result = service.update_scale(row, _three(label_en="Good"))
    assert result.new_version and result.scale.replaces_id == row.id
    assert result.scale.code == "three-options-v2" and result.scale.version == 2
    assert db.session.get(Scale, row.id).domain().label(3, "en") == "Fine"
    assert {"three-options", "three-options-v2"} <= set(all_scales())
    assert row not in service.current_scales() and result.scale in service.current_scales()
