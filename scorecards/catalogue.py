"""The standard indicator catalogue for Mongolian soum and district facilities.

Written from the indicators most used in community scorecards of health, education
and child protection services (CARE's Community Score Card and its use in Mongolia's
social accountability projects). Texts are data, in Mongolian and English.

Also the rules for codes in the catalogue: what a code may look like and the code of a
new version of an indicator or template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scorecards.errors import DomainError

CODE_MAX_LENGTH = 40
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_VERSION_SUFFIX = re.compile(r"-v\d+$")


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
    SectorDef(
        "child_protection",
        "Хүүхэд хамгаалал, гэр бүлийн үйлчилгээ",
        "Child protection and family services",
    ),
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
    FacilityTypeDef(
        "children_family_department",
        "child_protection",
        "Аймгийн Хүүхэд, гэр бүлийн хөгжлийн хэлтэс",
        "Aimag children and family development department",
    ),
    FacilityTypeDef(
        "child_protection_centre",
        "child_protection",
        "Хүүхэд хамгааллын төв",
        "Child protection centre",
    ),
    FacilityTypeDef(
        "multidisciplinary_team",
        "child_protection",
        "Сум, хорооны хүүхэд хамгааллын хамтарсан баг",
        "Soum or khoroo multidisciplinary team",
    ),
)

_HEALTH = ("family_health_centre", "soum_health_centre", "district_hospital")
_SCHOOL = ("school", "kindergarten", "dormitory")
_CHILD = ("children_family_department", "child_protection_centre", "multidisciplinary_team")
_CHILD_CENTRES = ("children_family_department", "child_protection_centre")

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
    IndicatorDef(
        "C01",
        "child_protection",
        _CHILD,
        "Хүүхдийн эсрэг хүчирхийллийн мэдээлэлд цаг алдалгүй хариу үйлдэл үзүүлдэг",
        "Reports of violence against a child are responded to without delay",
        "Мэдээлснээс хойш ажилтан хүүхэдтэй уулзах хүртэлх хугацаа (24 цагийн дотор)",
        "Time from the report until a worker meets the child (within 24 hours)",
    ),
    IndicatorDef(
        "C02",
        "child_protection",
        _CHILD,
        "Хүүхэд, гэр бүлийн мэдээллийн нууцлалыг хадгалдаг",
        "Information about children and families is kept confidential",
        "Нэр, нөхцөл байдлыг хамаарал бүхий бус хүнд задруулдаггүй",
        "Names and circumstances are not shared with anyone who does not need them",
    ),
    IndicatorDef(
        "C03",
        "child_protection",
        _CHILD_CENTRES,
        "Хүүхдэд ээлтэй, аюулгүй өрөө, орчин бүрдсэн",
        "There is a safe, child-friendly room and setting",
        "Ганцаарчлан ярилцах өрөө, тоглоом, дулаан, цэвэрхэн",
        "A private room to talk, toys, warm and clean",
    ),
    IndicatorDef(
        "C04",
        "child_protection",
        _CHILD,
        "Хүүхэд хамгааллын ажилтан хэрэгтэй үед олддог",
        "Child protection staff are available when needed",
        "Нийгмийн ажилтан, сэтгэл зүйч, цагдаагийн ажилтан, ажлын бус цагт ч",
        "Social worker, psychologist, police officer, also outside working hours",
    ),
    IndicatorDef(
        "C05",
        "child_protection",
        _CHILD,
        "Хүүхдийг бусад байгууллагад илгээсний дараа үр дүнг хянадаг",
        "Referrals of a child to other services are followed up",
        "Эмнэлэг, сургууль, цагдаа, хууль зүйн туслалцаа: хүүхэд тусламж авсан эсэх",
        "Health, school, police, legal aid: whether the child actually got the help",
    ),
    IndicatorDef(
        "C06",
        "child_protection",
        _CHILD,
        "Гэр бүлд үйлчилгээ, эрхийн талаар ойлгомжтой мэдээлэл өгдөг",
        "Families get clear information about services and their rights",
        "Хаана хандах, ямар тусламж авах, утасны дугаар, сурталчилгааны материал",
        "Where to go, what help exists, phone numbers, leaflets",
    ),
    IndicatorDef(
        "C07",
        "child_protection",
        _CHILD,
        "Хүүхэд, иргэд хүчирхийллийн талаар мэдээлэхэд хялбар",
        "Children and citizens can easily report abuse",
        "108 утас, баг, хороо, сургуульд мэдээлэх боломж",
        "The 108 helpline, the bag or khoroo office, the school",
    ),
    IndicatorDef(
        "C08",
        "child_protection",
        _CHILD,
        "Хүүхдийн санаа бодлыг сонсож, шийдвэр гаргахдаа харгалздаг",
        "Children's views are heard and taken into account in decisions",
        "Хүүхдэд насанд нь тохирсон байдлаар тайлбарладаг эсэх",
        "Whether things are explained to children in a way that suits their age",
    ),
    IndicatorDef(
        "C09",
        "child_protection",
        _CHILD,
        "Ажилтнууд хүүхэд, гэр бүлтэй хүндэтгэлтэй, буруутгалгүй харьцдаг",
        "Staff treat children and families with respect and without blame",
        "Ялгаварлахгүй, доромжлохгүй, тайван сонсдог",
        "No discrimination, no humiliation, listening calmly",
    ),
    IndicatorDef(
        "C10",
        "child_protection",
        _CHILD_CENTRES,
        "Аюулд өртсөн хүүхдийг түр хамгаалах байраар шуурхай хангадаг",
        "A child in danger is placed in temporary shelter quickly",
        "Байрны багтаамж, хоол, хувцас, хамгаалалт",
        "Places, food, clothing, protection",
    ),
    IndicatorDef(
        "C11",
        "child_protection",
        _CHILD,
        "Хүүхэд, гэр бүлд сэтгэл зүйн зөвлөгөө, дэмжлэг үзүүлдэг",
        "Children and families receive psychological counselling and support",
        "Хүчирхийллийн дараах дэмжлэг, гэр бүлийн зөвлөгөө",
        "Support after violence, family counselling",
    ),
    IndicatorDef(
        "C12",
        "child_protection",
        _CHILD,
        "Хамтарсан багийн гишүүд хамтран ажиллаж, мэдээллээ солилцдог",
        "Members of the multidisciplinary team work together and share information",
        "Засаг дарга, эмч, багш, цагдаа, нийгмийн ажилтан тогтмол хуралддаг",
        "Governor, doctor, teacher, police and social worker meet regularly",
    ),
    IndicatorDef(
        "C13",
        "child_protection",
        _CHILD,
        "Хүчирхийлэл, осол гэмтлээс урьдчилан сэргийлэх ажил гэр бүлд хүрдэг",
        "Prevention of violence and injuries reaches families",
        "Эцэг эхийн сургалт, сургууль, цэцэрлэг дэх сурталчилгаа",
        "Parenting sessions, awareness work in schools and kindergartens",
    ),
    IndicatorDef(
        "C14",
        "child_protection",
        _CHILD,
        "Хөгжлийн бэрхшээлтэй хүүхэд, малчин өрхөд үйлчилгээ хүртээмжтэй",
        "Services reach children with disabilities and herder families",
        "Алслагдсан малчин өрх, тусгай хэрэгцээт хүүхдэд хүрэх арга",
        "How remote herder households and children with special needs are reached",
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
    TemplateDef(
        "health-percent-100",
        "health",
        "Эрүүл мэнд — 0–100 онооны хуудас",
        "Health — 0–100 score card",
        "zero100",
        ("H01", "H02", "H03", "H04", "H05", "H06", "H07", "H08"),
    ),
    TemplateDef(
        "child-protection-standard",
        "child_protection",
        "Хүүхэд хамгааллын үйлчилгээний иргэний оноо",
        "Community score card for child protection services",
        "faces5",
        tuple(f"C{n:02d}" for n in range(1, 13)),
    ),
)

TEMPLATE_FACILITY_TYPES = {
    "health-standard": _HEALTH,
    "education-standard": _SCHOOL,
    "health-short-10": _HEALTH,
    "education-rag": _SCHOOL,
    "health-percent-100": _HEALTH,
    "child-protection-standard": _CHILD,
}


def indicator_text_key(text: str) -> str:
    """The form under which two indicator texts count as the same proposal: letter case
    (Cyrillic included) and spacing are ignored."""
    return " ".join((text or "").split()).casefold()


def check_code(code: str, field: str = "code") -> str:
    """A catalogue code as typed, without surrounding spaces: letters, digits, ``.``,
    ``_`` and ``-``, starting with a letter or digit, at most ``CODE_MAX_LENGTH``
    characters. Anything else raises ``DomainError("code_invalid", field)``."""
    code = (code or "").strip()
    if not code or len(code) > CODE_MAX_LENGTH or not _CODE.fullmatch(code):
        raise DomainError("code_invalid", field, max=CODE_MAX_LENGTH)
    return code


def version_code(code: str, version: int) -> str:
    """The code of version ``version`` of an indicator or template coded ``code``:
    the code without any ``-vN`` suffix, then ``-v<version>`` (``H01`` → ``H01-v2``,
    ``H01-v2`` → ``H01-v3``), shortened to fit ``CODE_MAX_LENGTH``."""
    suffix = f"-v{version}"
    base = _VERSION_SUFFIX.sub("", code)
    return base[: CODE_MAX_LENGTH - len(suffix)] + suffix
