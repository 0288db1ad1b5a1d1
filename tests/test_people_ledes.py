"""Who was interviewed, read from the lede: one table of ledes in six languages.

Each lede is written in a shape real outlets use to name (or not name) the
person they interviewed: the name first, roles then the name, a verb then the
name, "in an interview with X", a reporter's byline, a quoted third person, an
institution or a place. The article around it is the same for all: an outlet,
a headline that names no one, a date, then two labelled questions, so the
lede alone decides. Every person, outlet and institute here is invented.
"""

from __future__ import annotations

import pytest

from brreader.parse import parse_article

# Outlet, headline and date; the questions and answers in the lede's language.
FRAME = {
    "en": ("Harbour Ledger", "Tides, data and a shared coastline", "March 3, 2021", "Q:", "A:"),
    "fr": ("Le Courrier des Causses", "Des données qui traversent les frontières", "3 mars 2021",
           "Q :", "R :"),
    "es": ("Gaceta del Sur Austral", "Datos que cruzan fronteras", "3 de marzo de 2021",
           "P:", "R:"),
    "ru": ("Вестник Прибрежья", "Данные без границ", "3 марта 2021", "Вопрос:", "Ответ:"),
    "zh": ("南岭科技报", "跨越边界的数据", "2021年3月3日", "问：", "答："),
    "ar": ("مجلة الساحل العلمية", "بيانات بلا حدود", "2021-03-03", "س:", "ج:"),
}  # fmt: skip
PAIRS = {
    "en": ("How did the project start?", "With two stations and a shared spreadsheet."),
    "fr": ("Comment le projet a-t-il commencé ?", "Avec deux stations et un tableur commun."),
    "es": ("¿Cómo empezó el proyecto?", "Con dos estaciones y una hoja de cálculo común."),
    "ru": ("С чего начался проект?", "С двух станций и общей таблицы."),
    "zh": ("项目是怎么开始的？", "从两个站点和一张共享表格开始。"),
    "ar": ("كيف بدأ المشروع؟", "بمحطتين وجدول بيانات مشترك."),
}

LEDES: list[tuple[str, str, list[str]]] = [
    # -- English ---------------------------------------------------------------------
    ("en", "Dara Kheng, a hydrologist in Phnom Penh, explains how two countries share "
           "river gauges.", ["Dara Kheng"]),
    ("en", "In an interview with the Harbour Ledger, marine chemist Tobias Renwick explained "
           "why the bay turned acidic.", ["Tobias Renwick"]),
    ("en", "Priya Vantongeren, who heads the soil laboratory at Kestrel Agricultural College, "
           "told the Ledger that yields had doubled.", ["Priya Vantongeren"]),
    ("en", "We spoke with Ilse Marchetti about the new ferry timetable and what it means "
           "for commuters.", ["Ilse Marchetti"]),
    ("en", "Physicist and author, Halvard Enge has spent two decades measuring the northern "
           "lights.", ["Halvard Enge"]),
    ("en", "Volcanologist, teacher and mountaineer, Sunniva Okoro-Bell returned last month "
           "from the crater lake.", ["Sunniva Okoro-Bell"]),
    ("en", "\u201cWe were never short of data,\u201d says Corwin Abaya, a data engineer at the "
           "port authority.", ["Corwin Abaya"]),
    ("en", "Speaking to the Ledger from her office in Lusaka, epidemiologist Naledi "
           "Phiri-Banda described the first trial.", ["Naledi Phiri-Banda"]),
    ("en", "Dr. Amara Lindqvist-Oyelaran, director of the Fjordline Marine Station, says the "
           "reef is recovering.", ["Amara Lindqvist-Oyelaran"]),
    ("en", "Last week in Port Aldwin, the Kestrel Institute of Water opened a second "
           "laboratory for coastal samples.", []),
    ("en", "On a rainy Tuesday in March, volunteers counted the birds on the estuary for the "
           "twelfth year running.", []),
    ("en", "The Harbour Ledger asked readers which questions they wanted answered about the "
           "new sea wall.", []),
    ("en", "Reporter Lena Castillo spent a week at the glacier station in March, counting "
           "the stakes.", []),
    ("en", "By Marcus Feld\n\nThe sea wall is finished. Residents asked what comes next.", []),
    ("en", "Kofi Mensah-Bonsu was interviewed by Lena Castillo in Accra about the cocoa "
           "trials.", ["Kofi Mensah-Bonsu"]),
    ("en", "The ferry service was cut in 2019. It is back, and we were interviewed by our own "
           "readers about it; Lena Castillo compiled their questions.", []),
    ("en", "For more than twenty years, Ingrid Solvang has counted the seals of the outer "
           "islands.", ["Ingrid Solvang"]),
    ("en", "Founded by two engineers, the cooperative now maintains forty wells.", []),
    # "after", "under" end like a profession; a person quoted from years ago is not the guest.
    ("en", "After Olu Badejo resigned, the board of the river trust met twice.", []),
    ("en", "Under Olu Badejo, the station doubled its staff and its budget.", []),
    ("en", "Years after Olu Badejo left, the laboratory still runs his tide model.", []),
    ("en", "The floods were foreseen: the ecologist Olu Badejo warned in 2019 that the levee "
           "would fail.", []),
    ("en", "The ecologist Olu Badejo warned a decade ago that the levee would fail; we asked "
           "hydrologist Dara Kheng what went wrong.", ["Dara Kheng"]),
    ("en", "Long before the flood, engineer Tomasz Wierzba had warned the council about the "
           "pumps.", []),
    # -- French ----------------------------------------------------------------------
    ("fr", "Océanographe et autrice, Léonie Quémeneur dirige depuis 2019 un programme de "
           "bouées partagées.", ["Léonie Quémeneur"]),
    ("fr", "Hydrologue à l'Institut des eaux de Tournelle, Matthieu Carvalho-Ribeiro explique "
           "pourquoi les crues arrivent plus tôt.", ["Matthieu Carvalho-Ribeiro"]),
    ("fr", "Nous avons rencontré Solène Abitbol, directrice de l'Observatoire des Causses, "
           "pour parler des nuits noires.", ["Solène Abitbol"]),
    ("fr", "Solène Marquet est directrice de recherche à l'Institut des sols. Elle revient "
           "sur dix ans d'échanges.", ["Solène Marquet"]),
    ("fr", "Dans un entretien accordé au Courrier des Causses, le géologue Yannick Oberlé "
           "revient sur la crise de l'eau.", ["Yannick Oberlé"]),
    ("fr", "Le 12 mars, à Grenoble, l'Université alpine a inauguré un nouveau laboratoire "
           "de glaciologie.", []),
    ("fr", "Rencontre avec Aurélien Takahashi, ingénieur agronome, qui a passé trois ans "
           "dans les rizières.", ["Aurélien Takahashi"]),
    ("fr", "Chercheuse au Muséum de Tournelle, Inès Ouédraogo étudie les abeilles "
           "sauvages.", ["Inès Ouédraogo"]),
    ("fr", "Propos recueillis par Hélène Dufresne, à Dakar.", []),
    # -- Spanish ---------------------------------------------------------------------
    ("es", "Ingeniera y divulgadora, Marisela Quintana Oyarzún lleva diez años midiendo "
           "glaciares.", ["Marisela Quintana Oyarzún"]),
    ("es", "Conversamos con Tadeo Villalobos, investigador del Instituto de Ecología "
           "Austral, sobre los bosques de algas.", ["Tadeo Villalobos"]),
    ("es", "La Universidad de Valparaíso Sur presentó ayer su nuevo satélite de "
           "observación.", []),
    ("es", "Rocío Ganduxer es bióloga marina y coordina una red de boyas en el "
           "estrecho.", ["Rocío Ganduxer"]),
    ("es", "En entrevista con Gaceta del Sur Austral, el astrónomo Esteban Carrizo Paz "
           "explicó por qué el cielo de Atacama importa.", ["Esteban Carrizo Paz"]),
    ("es", "\u201cEl agua no espera\u201d, afirma la hidróloga Lucía Benavente, que dirige la "
           "red de pozos.", ["Lucía Benavente"]),
    ("es", "Médica y epidemióloga, Ximena Arrau Toledo dirigió la campaña de vacunación "
           "en la costa.", ["Ximena Arrau Toledo"]),
    ("es", "Hablamos con la doctora Fernanda Echeverri sobre el futuro de la pesca "
           "artesanal.", ["Fernanda Echeverri"]),
    ("es", "En enero, el Ministerio de Ciencia abrió una convocatoria para estaciones "
           "meteorológicas.", []),
    ("es", "Entrevista a la bióloga Camila Rosales sobre los humedales del "
           "norte.", ["Camila Rosales"]),
    ("es", "Por Andrés Molina | Gaceta del Sur Austral", []),
    ("es", "Desde hace diez años, Rocío Ganduxer mide las mareas del estrecho.",
     ["Rocío Ganduxer"]),
    # -- Russian ---------------------------------------------------------------------
    ("ru", "Физик и популяризатор науки Савелий Гродеков рассказал, как устроена новая "
           "обсерватория.", ["Савелий Гродеков"]),
    ("ru", "О том, как меняется климат Арктики, нашему изданию рассказал гляциолог "
           "Тимофей Баранцев.", ["Тимофей Баранцев"]),
    ("ru", "Алла Вершинина — гидробиолог, заведующая лабораторией прибрежных "
           "экосистем.", ["Алла Вершинина"]),
    ("ru", "Наш собеседник — физик-ядерщик Аркадий Мельников, руководитель "
           "лаборатории.", ["Аркадий Мельников"]),
    ("ru", "В Новосибирске открылся новый центр обработки спутниковых данных.", []),
    ("ru", "Океанолог Ростислав Кучин рассказал о новой экспедиции в Баренцево "
           "море.", ["Ростислав Кучин"]),
    ("ru", "Директор обсерватории Глеб Арсеньев рассказал о совместных наблюдениях.",
     ["Глеб Арсеньев"]),
    ("ru", "В марте Институт прибрежных экосистем подписал соглашение с тремя "
           "университетами.", []),
    ("ru", "В интервью корреспонденту агентства Марине Лесновой директор обсерватории Глеб "
           "Арсеньев рассказал о планах.", ["Глеб Арсеньев"]),
    ("ru", "О проекте рассказывает руководитель лаборатории Ирина Ланская.", ["Ирина Ланская"]),
    ("ru", "Беседовала Ольга Зимина", []),
    # After "с" a name is in the instrumental, after "у" in the genitive: the field holds
    # the base form, and a name that does not decline stays as it is.
    ("ru", "Мы поговорили с гляциологом Тимофеем Баранцевым о том, как тают ледники.",
     ["Тимофей Баранцев"]),
    ("ru", "Интервью с Анной Ивановой, директором обсерватории, записано в Мурманске.",
     ["Анна Иванова"]),
    ("ru", "Наш корреспондент встретился с Сергеем Петровичем Лесновским на борту "
           "судна.", ["Сергей Петрович Лесновский"]),
    ("ru", "Беседа с Марией Олеговной Ставицкой о подводных лесах Белого моря.",
     ["Мария Олеговна Ставицкая"]),
    ("ru", "Мы взяли интервью у Глеба Арсеньева, директора обсерватории.", ["Глеб Арсеньев"]),
    ("ru", "Мы взяли интервью у Ирины Ланской о работе лаборатории.", ["Ирина Ланская"]),
    ("ru", "Корреспондент побеседовал с Дмитрием Ильичом Кучиным о новой экспедиции.",
     ["Дмитрий Ильич Кучин"]),
    ("ru", "Мы поговорили с Никитой Веретенниковым о том, зачем считать тюленей.",
     ["Никита Веретенников"]),
    ("ru", "Беседа с Натальей Сергеевной Гродековой о климате Арктики.",
     ["Наталья Сергеевна Гродекова"]),
    ("ru", "Мы встретились с Джоном Уэлберном, океанологом из Галифакса.", ["Джон Уэлберн"]),
    ("ru", "Мы поговорили с Мэри Браун, гидробиологом из Эдинбурга.", ["Мэри Браун"]),
    ("ru", "Мы спросили у Ольги Зиминой, зачем считать тюленей.", ["Ольга Зимина"]),
    ("ru", "Разговор с Ильёй Баранцевым о дрейфующих станциях.", ["Илья Баранцев"]),
    ("ru", "Беседа с профессором Тимофеем Баранцевым о дрейфующих льдах.",
     ["Тимофей Баранцев"]),
    # A name already in the base form stays so, even with "с" earlier in the sentence.
    ("ru", "О новой экспедиции нам рассказала гляциолог Анна Лесновская.", ["Анна Лесновская"]),
    ("ru", "Вместе с коллегами гидробиолог Тимофей Баранцев рассказал о новой станции.",
     ["Тимофей Баранцев"]),
    # -- Chinese ---------------------------------------------------------------------
    ("zh", "记者日前专访了南岭海洋研究所研究员柯海川，请他谈谈海洋观测合作。", ["柯海川"]),
    ("zh", "南岭大学教授罗嘉敏日前接受本报记者专访，介绍了跨境数据共享的进展。", ["罗嘉敏"]),
    ("zh", "在接受本报记者专访时，江城水利研究院院长邱文博表示，合作还将扩大。", ["邱文博"]),
    ("zh", "近日，本报记者就农业合作采访了农业专家梁思远。", ["梁思远"]),
    ("zh", "柯海川是南岭海洋研究所的研究员，长期从事海洋观测。", ["柯海川"]),
    ("zh", "2023年5月，江城举办了首届海洋数据论坛，来自六国的代表参加。", []),
    ("zh", "本报记者王小川报道：今年春天，西部三省启动了联合观测计划。", []),
    ("zh", "江城大学副校长许志刚在接受本报记者采访时表示，合作将继续。", ["许志刚"]),
    ("zh", "据南岭日报报道，今年的联合观测将在五月开始。", []),
    # -- Arabic ----------------------------------------------------------------------
    ("ar", "تقود الدكتورة سهى البنّاء، مديرة مختبر المياه في معهد الساحل، شبكة من محطات "
           "الرصد.", ["سهى البنّاء"]),
    ("ar", "يقول المهندس طارق الزين إن الشبكة المشتركة وفرت الكثير من الوقت.",
     ["طارق الزين"]),
    ("ar", "أكد الدكتور سامر العتيبي، أستاذ علوم البحار في جامعة الساحل، أن التعاون "
           "ضروري.", ["سامر العتيبي"]),
    ("ar", "في حوار مع الدكتورة هالة منصور، مديرة مركز الدراسات المائية، تحدثنا عن "
           "الجفاف.", ["هالة منصور"]),
    ("ar", "يدير المهندس ياسر القبّاني، رئيس قسم الطاقة في الهيئة، مشروعاً للطاقة "
           "الشمسية.", ["ياسر القبّاني"]),
    ("ar", "افتتحت جامعة الساحل مختبراً جديداً لدراسة المياه الجوفية.", []),
    ("ar", "أوضحت الباحثة لينا الحداد، من معهد الواحات، أن النتائج مشجعة.", ["لينا الحداد"]),
    ("ar", "أجرى الحوار: سلمى العلي", []),
    ("ar", "التقت المجلة الباحثة لينا الحداد في مكتبها بمعهد الواحات.", ["لينا الحداد"]),
]  # fmt: skip


def article_for(language: str, lede: str) -> str:
    outlet, title, day, ask, answer = FRAME[language]
    question, reply = PAIRS[language]
    return f"{outlet}\n\n{title}\n\n{day}\n\n{lede}\n\n{ask} {question}\n\n{answer} {reply}\n"


@pytest.mark.parametrize(
    ("language", "lede", "expected"),
    LEDES,
    ids=[f"{language}-{n}" for n, (language, _, _) in enumerate(LEDES)],
)
def test_the_lede_names_who_was_interviewed(language: str, lede: str, expected: list[str]):
    article = parse_article(article_for(language, lede), id="x", path="x.txt").article
    assert len(article.pairs) == 1, "the frame's question must stay a question"
    assert list(article.interviewees) == expected


HEADLINES = [
    ("fr", "« Nos ruches voyagent » : entretien avec Noémie Vasseur-Kaba", "Noémie Vasseur-Kaba"),
    ("es", "Glaciares que se mueven: una entrevista con Marisela Quintana", "Marisela Quintana"),
    ("en", "Shared tides: an interview with Tobias Renwick", "Tobias Renwick"),
    ("ru", "Интервью с Тимофеем Баранцевым: лёд уходит быстрее", "Тимофей Баранцев"),
    ("ru", "«Лёд уходит быстрее»: интервью с Анной Лесновской", "Анна Лесновская"),
]


@pytest.mark.parametrize(
    ("language", "title", "expected"), HEADLINES, ids=[h[0] for h in HEADLINES]
)
def test_a_headline_after_a_nameless_lede_names_who_was_interviewed(
    language: str, title: str, expected: str
):
    outlet, _, day, ask, answer = FRAME[language]
    question, reply = PAIRS[language]
    lede = {
        "fr": "Elle revient sur cinq ans d'échanges.",
        "es": "Diez años midiendo hielo.",
        "en": "Ten years of measuring the bay.",
        "ru": "Десять лет наблюдений за морем.",
    }[language]
    text = f"{outlet}\n\n{title}\n\n{day}\n\n{lede}\n\n{ask} {question}\n\n{answer} {reply}\n"
    article = parse_article(text, id="x", path="x.txt").article
    assert list(article.interviewees) == [expected]
