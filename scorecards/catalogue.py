"""The standard indicator catalogue for Mongolian soum and district facilities.

Written from the indicators most used in community scorecards of health and
education services (CARE's Community Score Card and its use in Mongolia's social
accountability projects). Texts are data, in Mongolian and English.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SectorDef:
    code: str
    name_mn: str
    name_en: str


@dataclass(frozen=True)
class FacilityTypeDef:
    code: str
    sector: str
    name_mn: str
    name_en: str


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    sector: str
    facility_types: tuple[str, ...]
    text_mn: str
    text_en: str
    hint_mn: str
    hint_en: str


@dataclass(frozen=True)
class TemplateDef:
    code: str
    sector: str
    name_mn: str
    name_en: str
    scale: str
    indicators: tuple[str, ...]


SECTORS = (
    SectorDef("health", "Эрүүл мэнд", "Health"),
    SectorDef("education", "Боловсрол", "Education"),
)

FACILITY_TYPES = (
    FacilityTypeDef(
        "school", "education", "Ерөнхий боловсролын сургууль", "General education school"
    ),
    FacilityTypeDef("kindergarten", "education", "Цэцэрлэг", "Kindergarten"),
    FacilityTypeDef("dormitory", "education", "Сургуулийн дотуур байр", "School dormitory"),
    FacilityTypeDef(
        "family_health_centre", "health", "Өрхийн эрүүл мэндийн төв", "Family health centre"
    ),
    FacilityTypeDef(
        "soum_health_centre", "health", "Сумын эрүүл мэндийн төв", "Soum health centre"
    ),
    FacilityTypeDef(
        "district_hospital", "health", "Дүүргийн нэгдсэн эмнэлэг", "District general hospital"
    ),
)

_HEALTH = ("family_health_centre", "soum_health_centre", "district_hospital")
_SCHOOL = ("school", "kindergarten", "dormitory")

INDICATORS = (
    IndicatorDef(
        "H01",
        "health",
        _HEALTH,
        "Эмч, сувилагчид үйлчлүүлэгчтэй эелдэг, хүндэтгэлтэй харьцдаг",
        "Doctors and nurses treat patients politely and with respect",
        "Мэндлэх, сонсох, ойлгомжтой тайлбарлах байдал",
        "Greeting, listening, explaining clearly",
    ),
    IndicatorDef(
        "H02",
        "health",
        _HEALTH,
        "Үзлэгт орох хүлээлгийн хугацаа боломжийн байдаг",
        "Waiting time before being seen is reasonable",
        "Ирснээс үзүүлэх хүртэл хэр удаан хүлээдэг вэ",
        "How long people wait from arrival to consultation",
    ),
    IndicatorDef(
        "H03",
        "health",
        _HEALTH,
        "Шаардлагатай эм, эмнэлгийн хэрэгсэл байдаг",
        "Essential medicines and supplies are available",
        "Жороор бичсэн эмийг эндээс авч чаддаг эсэх",
        "Whether prescribed medicines can be obtained here",
    ),
    IndicatorDef(
        "H04",
        "health",
        _HEALTH,
        "Эмнэлгийн тоног төхөөрөмж ажилладаг, хүрэлцээтэй",
        "Medical equipment works and is sufficient",
        "Даралтын аппарат, жин, хэт авиан оношлогоо гэх мэт",
        "Blood pressure monitors, scales, ultrasound and the like",
    ),
    IndicatorDef(
        "H05",
        "health",
        _HEALTH,
        "Барилга, өрөөнүүд цэвэрхэн байдаг",
        "The building and rooms are clean",
        "Хүлээлгийн танхим, үзлэгийн өрөө, коридор",
        "Waiting area, consultation rooms, corridors",
    ),
    IndicatorDef(
        "H06",
        "health",
        _HEALTH,
        "Ундны ус, ариун цэврийн өрөө ашиглах боломжтой",
        "Drinking water and toilets are available and usable",
        "Дулаан, цэвэр, гэрэлтэй ариун цэврийн өрөө",
        "Warm, clean and lit toilets",
    ),
    IndicatorDef(
        "H07",
        "health",
        _HEALTH,
        "Ажлын цаг иргэдэд тохиромжтой, цагтаа нээгддэг",
        "Opening hours suit people and are kept",
        "Малчид, ажилчид ирж чадах цагаар ажилладаг эсэх",
        "Whether herders and working people can come during opening hours",
    ),
    IndicatorDef(
        "H08",
        "health",
        _HEALTH,
        "Эмч ажлын байрандаа байнга байдаг",
        "Doctors are present at work",
        "Эмчгүй өдөр, эмч орлож ажилладаг эсэх",
        "Days without a doctor, whether someone stands in",
    ),
    IndicatorDef(
        "H09",
        "health",
        _HEALTH,
        "Албан бус төлбөр, бэлэг нэхдэггүй",
        "No informal payments or gifts are asked for",
        "Үнэгүй үйлчилгээнд мөнгө нэхэх, бэлэг хүлээх",
        "Being asked for money or gifts for free services",
    ),
    IndicatorDef(
        "H10",
        "health",
        _HEALTH,
        "Өвчний тухай ойлгомжтой мэдээлэл, зөвлөгөө өгдөг",
        "Clear information and advice about illness and treatment",
        "Эм хэрхэн уух, дахин хэзээ ирэх тухай",
        "How to take medicines, when to come back",
    ),
    IndicatorDef(
        "H11",
        "health",
        _HEALTH,
        "Түргэн тусламж дуудахад цагтаа ирдэг",
        "The ambulance comes on time when called",
        "Алслагдсан багаас дуудахад",
        "Including calls from remote baghs",
    ),
    IndicatorDef(
        "H12",
        "health",
        _HEALTH,
        "Хувийн нууцыг хадгалж, тусдаа өрөөнд үздэг",
        "Privacy is respected; examinations are in a private room",
        "Бусдын дэргэд асуух, үзэхгүй байх",
        "Not being asked or examined in front of others",
    ),
    IndicatorDef(
        "H13",
        "health",
        _HEALTH,
        "Хөгжлийн бэрхшээлтэй хүн, ахмад настанд хүртээмжтэй",
        "Accessible for people with disabilities and the elderly",
        "Налуу зам, бариул, дараалалгүй үйлчлэх",
        "Ramps, handrails, being served without queueing",
    ),
    IndicatorDef(
        "H14",
        "health",
        _HEALTH,
        "Өвлийн улиралд барилга дулаан байдаг",
        "The building is warm in winter",
        "Хүлээлгийн танхим, хэвтэн эмчлүүлэх тасаг",
        "Waiting area and in-patient ward",
    ),
    IndicatorDef(
        "E01",
        "education",
        _SCHOOL,
        "Багш нар хичээлдээ тогтмол, цагтаа ирдэг",
        "Teachers attend their classes regularly and on time",
        "Хичээл тасалдах, орлон багш байх эсэх",
        "Cancelled lessons, whether a substitute teacher comes",
    ),
    IndicatorDef(
        "E02",
        "education",
        _SCHOOL,
        "Сурах бичиг, сургалтын хэрэглэгдэхүүн хүрэлцээтэй",
        "Textbooks and learning materials are sufficient",
        "Сурагч бүрт сурах бичиг ногдох эсэх",
        "Whether every pupil has the textbooks",
    ),
    IndicatorDef(
        "E03",
        "education",
        _SCHOOL,
        "Анги, танхим өвөл дулаан байдаг",
        "Classrooms are warm in winter",
        "Халаалт, цонх, хаалганы дулаалга",
        "Heating, windows and doors kept insulated",
    ),
    IndicatorDef(
        "E04",
        "education",
        _SCHOOL,
        "Ундны цэвэр ус, ариун цэврийн өрөө хангалттай",
        "Clean drinking water and enough toilets",
        "Дотор ариун цэврийн өрөө, гар угаах нөхцөл",
        "Indoor toilets, handwashing",
    ),
    IndicatorDef(
        "E05",
        "education",
        _SCHOOL,
        "Дотуур байрны нөхцөл (ор, хоол, дулаан) сайн",
        "Dormitory conditions (beds, food, warmth) are good",
        "Малчдын хүүхдүүдийн амьдрах нөхцөл",
        "Living conditions for herders' children",
    ),
    IndicatorDef(
        "E06",
        "education",
        _SCHOOL,
        "Хүүхдүүд сургууль дээр аюулгүй байдаг",
        "Children are safe at school",
        "Дээрэлхэлт, хүчирхийлэл, замын аюулгүй байдал",
        "Bullying, violence, road safety",
    ),
    IndicatorDef(
        "E07",
        "education",
        _SCHOOL,
        "Албан бус төлбөр, хандив шаарддаггүй",
        "No informal fees or contributions are demanded",
        "Ангийн сан, засварын мөнгө, бэлэг",
        "Class funds, repair money, gifts",
    ),
    IndicatorDef(
        "E08",
        "education",
        _SCHOOL,
        "Багш нар хүүхэд бүртэй ялгаварлалгүй харьцдаг",
        "Teachers treat every child fairly, without discrimination",
        "Хөгжлийн бэрхшээлтэй, малчны хүүхэд",
        "Children with disabilities, herders' children",
    ),
    IndicatorDef(
        "E09",
        "education",
        _SCHOOL,
        "Эцэг эхчүүдэд хүүхдийн сурлагын мэдээллийг тогтмол өгдөг",
        "Parents are regularly informed about their child's progress",
        "Эцэг эхийн хурал, цахим мэдээлэл",
        "Parent meetings, online information",
    ),
    IndicatorDef(
        "E10",
        "education",
        _SCHOOL,
        "Үдийн цай, хоол хангалттай, чанартай",
        "School meals are sufficient and of good quality",
        "Хоолны хэмжээ, ариун цэвэр",
        "Portion size and hygiene",
    ),
    IndicatorDef(
        "E11",
        "education",
        _SCHOOL,
        "Сургуулийн барилга, тавилга засвартай",
        "The school building and furniture are in good repair",
        "Ширээ сандал, дээвэр, цонх",
        "Desks and chairs, roof, windows",
    ),
    IndicatorDef(
        "E12",
        "education",
        _SCHOOL,
        "Сургууль эцэг эх, иргэдийн саналыг сонсож, хариу өгдөг",
        "The school listens to parents and the community and responds",
        "Сургуулийн зөвлөл, санал хүсэлтийн хайрцаг",
        "School council, suggestion box",
    ),
    IndicatorDef(
        "E13",
        "education",
        _SCHOOL,
        "Номын сан, компьютер, интернэт ашиглах боломжтой",
        "Pupils can use the library, computers and the internet",
        "Хичээлийн бус цагаар ашиглах боломж",
        "Including outside lesson hours",
    ),
    IndicatorDef(
        "E14",
        "education",
        _SCHOOL,
        "Хөгжлийн бэрхшээлтэй хүүхдэд хүртээмжтэй",
        "Accessible for children with disabilities",
        "Налуу зам, тусгай хэрэгцээт сургалт",
        "Ramps, special-needs teaching",
    ),
)

TEMPLATES = (
    TemplateDef(
        "health-standard",
        "health",
        "Эрүүл мэндийн үйлчилгээний иргэний оноо",
        "Community score card for health services",
        "faces5",
        tuple(f"H{n:02d}" for n in range(1, 13)),
    ),
    TemplateDef(
        "education-standard",
        "education",
        "Боловсролын үйлчилгээний иргэний оноо",
        "Community score card for schools",
        "faces5",
        tuple(f"E{n:02d}" for n in range(1, 13)),
    ),
    TemplateDef(
        "health-short-10",
        "health",
        "Эрүүл мэнд — 0–10 онооны товч хуудас",
        "Health — short 0–10 score card",
        "zero10",
        ("H01", "H02", "H03", "H05", "H06", "H07", "H08", "H09"),
    ),
    TemplateDef(
        "education-rag",
        "education",
        "Сургууль — гэрлэн дохиоллын хуудас",
        "School — traffic-light score card",
        "rag",
        ("E01", "E02", "E03", "E04", "E06", "E07", "E10", "E12"),
    ),
)


def indicator_text_key(text: str) -> str:
    """The form under which two indicator texts count as the same proposal: letter case
    (Cyrillic included) and spacing are ignored."""
    return " ".join((text or "").split()).casefold()
