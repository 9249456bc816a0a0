"""The demo's fixed content: where the social accountability demo takes place, and by whom."""

from __future__ import annotations

# (aimag ISO code, soum NSO codes used) — ten aimags of the demo project.
DEMO_AIMAGS = (
    ("MN-061", ("2101", "2104")),  # Dornod: Kherlen (Choibalsan), Bayandun
    ("MN-043", ("8401", "8404")),  # Khovd
    ("MN-057", ("8101", "8104")),  # Zavkhan
    ("MN-046", ("8501", "8504")),  # Uvs
    ("MN-071", ("8301", "8304")),  # Bayan-Ölgii
    ("MN-073", ("6501", "6504")),  # Arkhangai
    ("MN-055", ("6201", "6204")),  # Övörkhangai
    ("MN-059", ("4801", "4804")),  # Dundgovi
    ("MN-039", ("2301", "2304")),  # Khentii
    ("MN-051", ("2201", "2204")),  # Sükhbaatar
)
# Three Ulaanbaatar districts: Songinokhairkhan, Bayanzürkh, Nalaikh.
DEMO_DISTRICTS = ("1116", "1110", "1113")

ORGANISATIONS = (
    # (key, name_mn, name_en, kind, aimags it works in)
    (
        "east",
        "Дорнод бүсийн иргэний хяналт ТББ (демо)",
        "Eastern Civic Monitoring NGO (demo)",
        "ngo",
        ("MN-061", "MN-039", "MN-051"),
    ),
    (
        "west",
        "Баруун бүсийн иргэний нийгмийн төв (демо)",
        "Western Civil Society Centre (demo)",
        "ngo",
        ("MN-043", "MN-057", "MN-046", "MN-071"),
    ),
    (
        "central",
        "Төвийн бүсийн нийгмийн хариуцлага ТББ (демо)",
        "Central Social Accountability NGO (demo)",
        "ngo",
        ("MN-073", "MN-055", "MN-059", "MN-1"),
    ),
    (
        "dornod_gov",
        "Дорнод аймгийн Засаг даргын Тамгын газар (демо)",
        "Dornod Governor's Office (demo)",
        "government",
        ("MN-061",),
    ),
)

DEMO_PASSWORD = "demo-password"
DEMO_USERS = (
    # (email, display name, role, organisation key, area codes)
    ("admin@egekh.demo", "Админ Бат", "admin", None, ()),
    (
        "coordinator@egekh.demo",
        "Зохицуулагч Сараа",
        "coordinator",
        "east",
        ("MN-061", "MN-039", "MN-051"),
    ),
    (
        "facilitator@egekh.demo",
        "Хөтлөгч Оюун",
        "facilitator",
        "east",
        ("MN-061", "MN-039", "MN-051"),
    ),
    (
        "facilitator.khovd@egekh.demo",
        "Хөтлөгч Болд",
        "facilitator",
        "west",
        ("MN-043", "MN-057", "MN-046", "MN-071"),
    ),
    ("official.dornod@egekh.demo", "Албан тушаалтан Ганаа", "official", "dornod_gov", ("MN-061",)),
)

SCHOOL_NAMES = (
    "{soum} сумын ерөнхий боловсролын {n}-р сургууль",
    "{soum} soum general school No. {n}",
)
HEALTH_NAMES = ("{soum} сумын эрүүл мэндийн төв", "{soum} soum health centre")
KINDERGARTEN_NAMES = ("{soum} сумын {n}-р цэцэрлэг", "{soum} soum kindergarten No. {n}")
DISTRICT_SCHOOL = ("{soum} дүүргийн {n}-р сургууль", "{soum} district school No. {n}")
DISTRICT_HEALTH = (
    "{soum} дүүргийн {n}-р хорооны өрхийн эрүүл мэндийн төв",
    "{soum} district family health centre, khoroo {n}",
)

REASONS_LOW = (
    ("Эмч байнга байдаггүй, хүлээлгэнэ", "The doctor is often absent and we wait"),
    (
        "Өвөл анги хүйтэн, хүүхдүүд хувцастайгаа суудаг",
        "Classrooms are cold; children keep coats on",
    ),
    ("Эм дутагдалтай, хотоос авахуулдаг", "Medicines run out; we have them brought from the city"),
    ("Ариун цэврийн өрөө гадаа, хүйтэн", "The toilet is outside and cold"),
    ("Ангийн санд мөнгө нэхдэг", "We are asked for money for the class fund"),
)
REASONS_HIGH = (
    ("Эмч нар эелдэг, сайн тайлбарладаг", "Doctors are polite and explain well"),
    ("Шинэ сурах бичиг ирсэн", "New textbooks arrived"),
    ("Засвар хийгдсэн, дулаан болсон", "Repairs were done; it is warm now"),
)

ACTION_TEXTS = (
    (
        "Эмчийн ажлын хуваарийг самбарт байршуулж, орлон ажиллах эмч томилох",
        "Post the doctors' schedule and appoint a stand-in doctor",
    ),
    (
        "Анги танхимын цонхыг дулаалж, зуухны нүүрсийг өвлийн өмнө нөөцлөх",
        "Insulate classroom windows and stock heating coal before winter",
    ),
    (
        "Зайлшгүй шаардлагатай эмийн жагсаалтын нөөцийг сар бүр шалгах",
        "Check the essential medicines stock every month",
    ),
    (
        "Дотор ариун цэврийн өрөө барих төсвийг сумын төсөвт тусгах",
        "Include an indoor toilet in the soum budget",
    ),
    (
        "Албан бус төлбөрийн талаар эцэг эхчүүдэд мэдээлэл хүргэж, гомдлын утас ажиллуулах",
        "Inform parents about informal fees and open a complaints line",
    ),
    (
        "Хүлээлгийн танхимд дарааллын дугаарын систем нэвтрүүлэх",
        "Introduce a queue-number system in the waiting area",
    ),
)

# Input tracking items of the demo: (item, norm, unit).
INPUT_ITEMS = {
    "education": (
        ("Багшийн орон тоо", 24, "хүн"),
        ("Сурагч бүрт ногдох сурах бичиг", 12, "ш"),
        ("Өвлийн түлш (нүүрс) нөөц", 180, "тн"),
        ("100 сурагчид ногдох суултуур", 4, "ш"),
    ),
    "health": (
        ("Их эмчийн орон тоо", 4, "хүн"),
        ("Сувилагчийн орон тоо", 8, "хүн"),
        ("Зайлшгүй эмийн жагсаалтын эм", 60, "нэр төрөл"),
        ("Түргэн тусламжийн машин", 2, "ш"),
    ),
}
