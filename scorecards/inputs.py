"""Input tracking: what a facility is entitled to (the norm) against what it has.

Figures (``gap``):

* ``gap = actual − norm``, computed in decimal from the numbers as written (so
  ``0.3 − 0.1`` is ``0.2``, not ``0.19999999999999998``) and otherwise not rounded.
  Negative means a shortfall when more is better.
* ``share_pct = actual / norm × 100``, rounded to one decimal place, halves away from
  zero (``ROUND_HALF_UP``: 2/3 -> 66.7, 0.125 of a norm of 1 -> 12.5, 100.05 -> 100.1).
  ``None`` when the norm is 0 or missing, or the actual is missing.
* ``status``: ``"short"`` when the actual is worse than the norm, ``"met"`` when equal,
  ``"better"`` when better; which way is better is ``higher_is_better`` (pupils per
  class: lower is better). ``None`` when either figure is missing.
* ``shortfall`` / ``surplus``: the distance from the norm in the item's own unit,
  always positive, when the status is ``"short"`` / ``"better"`` (else ``None``), so a
  page can say "shortfall 1" instead of a signed "-1". When lower is better, the
  shortfall is how far the actual is *above* the norm (40 pupils for a norm of 30:
  shortfall 10). Not rounded.

Norms and actuals are counts and amounts: negative numbers, booleans, text, NaN and
infinities are refused with ``DomainError`` (``value_negative``, ``value_not_number``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from scorecards.errors import DomainError

Number = int | float | Decimal


@dataclass(frozen=True)
class InputGap:
    norm: float | None
    actual: float | None
    gap: float | None
    share_pct: float | None
    status: str | None  # "short", "met", "better"
    higher_is_better: bool = field(default=True, compare=False)

    @property
    def shortfall(self) -> float | None:
        """How far the actual falls short of the norm, in the item's unit (positive);
        ``None`` unless the status is ``"short"``. ``share_pct`` then says how much of
        the norm is met (norm 1, actual 0: shortfall 1, 0% of the norm met)."""
        return abs(self.gap) if self.status == "short" and self.gap is not None else None

    @property
    def surplus(self) -> float | None:
        """How far the actual is better than the norm, in the item's unit (positive);
        ``None`` unless the status is ``"better"``."""
        return abs(self.gap) if self.status == "better" and self.gap is not None else None


def _decimal(value: Number | None, field: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise DomainError("value_not_number", field)
    if isinstance(value, float) and not math.isfinite(value):
        raise DomainError("value_not_number", field)
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise DomainError("value_not_number", field)
    if number < 0:
        raise DomainError("value_negative", field)
    return number


def gap(norm: Number | None, actual: Number | None, *, higher_is_better: bool = True) -> InputGap:
    """Compare ``actual`` with ``norm``; see the module docstring for the rules."""
    n = _decimal(norm, "norm")
    a = _decimal(actual, "actual")
    difference = None if n is None or a is None else float(a - n)
    share = None
    if n is not None and a is not None and n != 0:
        share = float((a * 100 / n).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    status = None
    if n is not None and a is not None:
        if a == n:
            status = "met"
        else:
            status = "better" if (a > n) == higher_is_better else "short"
    return InputGap(
        None if n is None else float(n),
        None if a is None else float(a),
        difference,
        share,
        status,
        higher_is_better,
    )


@dataclass(frozen=True)
class InputItemSuggestion:
    """A commonly tracked input, offered when a facilitator sets up input tracking.

    ``norm_hint`` is a starting figure only where the entitlement is the same everywhere
    (one set of textbooks per pupil, 100% of the essential medicines list, water
    available = 1). Staffing, beds, coal and the like depend on the facility's approved
    staffing plan (орон тоо) or budget, so their hint is ``None``: the facilitator enters
    the facility's own norm. Yes/no items use 1 = yes, 0 = no.
    """

    label_mn: str
    label_en: str
    unit_mn: str
    unit_en: str
    norm_hint: float | None = None
    higher_is_better: bool = True


def _item(
    label_mn: str,
    label_en: str,
    unit_mn: str,
    unit_en: str,
    norm_hint: float | None = None,
    higher_is_better: bool = True,
) -> InputItemSuggestion:
    return InputItemSuggestion(label_mn, label_en, unit_mn, unit_en, norm_hint, higher_is_better)


_YES_NO_MN, _YES_NO_EN = "байгаа эсэх (1 = тийм, 0 = үгүй)", "available (1 = yes, 0 = no)"
_PEOPLE_MN, _PEOPLE_EN = "хүн", "people"

_DRINKING_WATER = _item("Ундны цэвэр ус", "Safe drinking water", _YES_NO_MN, _YES_NO_EN, 1)
_COAL = _item("Халаалтын нүүрсний нөөц", "Heating coal in stock", "тонн", "tonnes")
_ESSENTIAL_MEDICINES = _item(
    "Зайлшгүй шаардлагатай эмийн жагсаалтын эм бэлэн байгаа хувь",
    "Essential medicines list: share in stock",
    "%",
    "%",
    100,
)
_WAITING = _item(
    "Үйлчлүүлэгчийн хүлээх дундаж хугацаа",
    "Average waiting time",
    "минут",
    "minutes",
    higher_is_better=False,
)

COMMON_INPUT_ITEMS: dict[str, list[InputItemSuggestion]] = {
    "school": [
        _item("Бүлэгт ногдох багш", "Teachers per class", "багш / бүлэг", "teachers per class"),
        _item(
            "Бүлгийн дундаж дүүргэлт",
            "Average pupils per class",
            "сурагч / бүлэг",
            "pupils per class",
            higher_is_better=False,
        ),
        _item(
            "Сурагчид ногдох сурах бичиг (хичээл тус бүрээр)",
            "Textbooks per pupil (per subject)",
            "ширхэг / сурагч",
            "books per pupil",
            1,
        ),
        _item(
            "Хичээлийн ээлж",
            "Teaching shifts per day",
            "ээлж",
            "shifts",
            higher_is_better=False,
        ),
        _item(
            "100 сурагчид ногдох ариун цэврийн суултуур",
            "Toilets per 100 pupils",
            "суултуур / 100 сурагч",
            "toilets per 100 pupils",
        ),
        _item(
            "Гар угаах цэг (ус, савантай)",
            "Handwashing points with water and soap",
            "цэг",
            "points",
        ),
        _DRINKING_WATER,
        _item("Сургуулийн эмч", "School doctor or nurse", _PEOPLE_MN, _PEOPLE_EN, 1),
        _item("Ангийн өрөөний өвлийн температур", "Classroom temperature in winter", "°C", "°C"),
        _COAL,
    ],
    "kindergarten": [
        _item(
            "Бүлэгт ногдох багш, туслах багш",
            "Teachers and assistant teachers per group",
            "хүн / бүлэг",
            "people per group",
            2,
        ),
        _item(
            "Бүлгийн дүүргэлт",
            "Children per group",
            "хүүхэд / бүлэг",
            "children per group",
            higher_is_better=False,
        ),
        _item(
            "Хүлээлгийн жагсаалтад буй хүүхэд",
            "Children on the waiting list",
            "хүүхэд",
            "children",
            0,
            higher_is_better=False,
        ),
        _item("Хүүхдэд ногдох ор", "Nap beds per child", "ор / хүүхэд", "beds per child", 1),
        _item(
            "Хүүхдийн өдрийн хоолны зардал",
            "Daily food spending per child",
            "төгрөг / хүүхэд / өдөр",
            "MNT per child per day",
        ),
        _item(
            "Бүлэгт ногдох тоглоом, сургалтын хэрэглэгдэхүүний иж бүрдэл",
            "Play and learning material sets per group",
            "иж бүрдэл / бүлэг",
            "sets per group",
            1,
        ),
        _item(
            "Бүлэгт ногдох хүүхдийн суултуур",
            "Children's toilets per group",
            "суултуур / бүлэг",
            "toilets per group",
        ),
        _DRINKING_WATER,
        _COAL,
    ],
    "dormitory": [
        _item(
            "Дотуур байрны ор",
            "Dormitory beds per boarding pupil",
            "ор / хүүхэд",
            "beds per pupil",
            1,
        ),
        _item(
            "Өрөөнд ногдох хүүхэд",
            "Children per room",
            "хүүхэд / өрөө",
            "children per room",
            higher_is_better=False,
        ),
        _item(
            "Дотуур байрны багш", "Dormitory teachers (night supervision)", _PEOPLE_MN, _PEOPLE_EN
        ),
        _item(
            "Ажиллаж буй шүршүүр (халуун устай)",
            "Working showers with hot water",
            "шүршүүр",
            "showers",
        ),
        _item("Байрны доторх ариун цэврийн өрөө", "Indoor toilets", _YES_NO_MN, _YES_NO_EN, 1),
        _item(
            "Хүүхдийн өдрийн хоолны зардал",
            "Daily food spending per child",
            "төгрөг / хүүхэд / өдөр",
            "MNT per child per day",
        ),
        _item("Өрөөний өвлийн температур", "Room temperature in winter", "°C", "°C"),
        _DRINKING_WATER,
        _COAL,
    ],
    "family_health_centre": [
        _item(
            "Өрхийн эмч (орон тоо / ажиллаж буй)",
            "Family doctors (staffing plan / present)",
            _PEOPLE_MN,
            _PEOPLE_EN,
        ),
        _item("Сувилагч", "Nurses", _PEOPLE_MN, _PEOPLE_EN),
        _item(
            "Нэг эмчид ногдох хүн ам",
            "Population per doctor",
            "хүн / эмч",
            "people per doctor",
            higher_is_better=False,
        ),
        _ESSENTIAL_MEDICINES,
        _item(
            "Вакцины хөргөгч (хүйтэн хэлхээ) ажиллаж байгаа эсэх",
            "Vaccine refrigerator (cold chain) working",
            _YES_NO_MN,
            _YES_NO_EN,
            1,
        ),
        _item(
            "Гэрийн дуудлагын унаа",
            "Vehicle for home visits",
            "тээврийн хэрэгсэл",
            "vehicles",
            1,
        ),
        _item("Долоо хоногт ажиллах цаг", "Opening hours per week", "цаг", "hours"),
        _WAITING,
        _DRINKING_WATER,
    ],
    "soum_health_centre": [
        _item(
            "Эмч (орон тоо / ажиллаж буй)",
            "Doctors (staffing plan / present)",
            _PEOPLE_MN,
            _PEOPLE_EN,
        ),
        _item("Сувилагч", "Nurses", _PEOPLE_MN, _PEOPLE_EN),
        _item("Бага эмч, эх баригч", "Feldshers and midwives", _PEOPLE_MN, _PEOPLE_EN),
        _item("Ажиллаж буй түргэн тусламжийн машин", "Working ambulances", "машин", "vehicles", 1),
        _item("Хэвтэн эмчлүүлэх ор", "Inpatient beds", "ор", "beds"),
        _ESSENTIAL_MEDICINES,
        _item("Төрөх өрөө тоноглогдсон эсэх", "Delivery room equipped", _YES_NO_MN, _YES_NO_EN, 1),
        _item(
            "Нөөц цахилгаан үүсгүүр ажиллаж байгаа эсэх",
            "Backup generator working",
            _YES_NO_MN,
            _YES_NO_EN,
            1,
        ),
        _item(
            "Хэвтэн эмчлүүлэгчийн өдрийн хоолны зардал",
            "Daily food spending per inpatient",
            "төгрөг / хүн / өдөр",
            "MNT per patient per day",
        ),
        _DRINKING_WATER,
        _COAL,
    ],
    "district_hospital": [
        _item(
            "Эмч (орон тоо / ажиллаж буй)",
            "Doctors (staffing plan / present)",
            _PEOPLE_MN,
            _PEOPLE_EN,
        ),
        _item("Нарийн мэргэжлийн эмч", "Specialist doctors", _PEOPLE_MN, _PEOPLE_EN),
        _item("Сувилагч", "Nurses", _PEOPLE_MN, _PEOPLE_EN),
        _item("Ажиллаж буй түргэн тусламжийн машин", "Working ambulances", "машин", "vehicles"),
        _item("Хэвтэн эмчлүүлэх ор", "Inpatient beds", "ор", "beds"),
        _item("Орны ашиглалт", "Bed occupancy", "%", "%"),
        _ESSENTIAL_MEDICINES,
        _item(
            "Ажиллаж буй рентген аппарат",
            "Working X-ray machine",
            _YES_NO_MN,
            _YES_NO_EN,
            1,
        ),
        _item(
            "Ажиллаж буй хэт авиан оношилгооны аппарат",
            "Working ultrasound machine",
            _YES_NO_MN,
            _YES_NO_EN,
            1,
        ),
        _item(
            "Хөгжлийн бэрхшээлтэй хүнд зориулсан налуу зам",
            "Wheelchair ramp at the entrance",
            _YES_NO_MN,
            _YES_NO_EN,
            1,
        ),
        _WAITING,
        _DRINKING_WATER,
        _COAL,
    ],
}
