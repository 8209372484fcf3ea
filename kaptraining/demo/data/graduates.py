"""The graduates of the demo's finished cohort: certified practitioners who
list themselves in the directory. Invented people at real ZIP codes, spread
over several metros (the Bay Area, Boulder and Denver, Seattle, Portland,
Austin, Chicago, New York, Santa Fe) with every filter the directory offers."""

# ruff: noqa: E501  (one practitioner per block reads better unwrapped)

from dataclasses import dataclass, field

# A graduate's licence, by the directory's licence term.
LICENCES = {
    "psychologist": ("psychologist", "psychologist", "therapist"),
    "md-do": ("psychiatrist", "md_do", "prescriber"),
    "pmhnp": ("nurse_practitioner", "pmhnp", "prescriber"),
    "lpc": ("counsellor", "lpc", "therapist"),
    "lcsw": ("social_worker", "lcsw", "therapist"),
    "lmft": ("mft", "lmft", "therapist"),
}
TIME_ZONES = {
    "CA": "America/Los_Angeles",
    "WA": "America/Los_Angeles",
    "OR": "America/Los_Angeles",
    "CO": "America/Denver",
    "NM": "America/Denver",
    "TX": "America/Chicago",
    "IL": "America/Chicago",
    "NY": "America/New_York",
}


@dataclass(frozen=True)
class Graduate:
    key: str
    first: str
    last: str
    credentials: str
    licence: str  # a directory licence term (LICENCES)
    number: str
    city: str
    state: str
    zip: str
    practice: str
    address: str = ""
    office: bool = True
    telehealth: bool = True
    partner: bool = False  # works with a partner prescriber (therapists)
    fees: tuple[int, int] = (120, 200)
    sliding: bool = False
    licensed_in: tuple[str, ...] = ()
    services: tuple[str, ...] = ("individual-kap",)
    routes: tuple[str, ...] = ("lozenge",)
    populations: tuple[str, ...] = ("adults",)
    conditions: tuple[str, ...] = ("depression",)
    languages: tuple[str, ...] = ("english",)
    insurance: tuple[str, ...] = ("out-of-network",)
    specialities: str = ""
    identity: str = ""
    background: str = ""
    show_identity: bool = False
    bio: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def profession(self) -> str:
        return LICENCES[self.licence][0]

    @property
    def licence_type(self) -> str:
        return LICENCES[self.licence][1]

    @property
    def role(self) -> str:
        return LICENCES[self.licence][2]

    @property
    def display_name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def timezone(self) -> str:
        return TIME_ZONES[self.state]


G = Graduate
# fmt: off
GRADUATES = [
    # --- San Francisco Bay Area ---------------------------------------------
    G("emery", "Emery", "Castillo", "PsyD", "psychologist", "PSY 30211", "San Francisco", "CA", "94110", "Bayview Integrative Psychology", "2940 16th Street, Suite 204",
      partner=True, fees=(90, 220), sliding=True, licensed_in=("OR",), services=("individual-kap", "integration-only"), populations=("adults", "lgbtq"),
      conditions=("depression", "treatment-resistant-depression"), languages=("english", "spanish"), specialities="grief, internal family systems, perinatal mental health",
      identity="Latinx, nonbinary", background="Mexican American, raised in the Central Valley", show_identity=True,
      bio="I offer KAP with lozenges in partnership with a psychiatric prescriber, in Spanish and English."),
    G("harper", "Harper", "Nguyen", "LMFT", "lmft", "LMFT 120455", "Oakland", "CA", "94612", "Lake Merritt Couples & Family", "1221 Broadway, 3rd floor",
      partner=True, fees=(110, 180), sliding=True, services=("individual-kap", "group-kap"), populations=("couples", "bipoc"), conditions=("anxiety", "ptsd"),
      languages=("english", "vietnamese"), insurance=("kaiser",), specialities="couples, anxiety, intergenerational trauma",
      identity="Vietnamese American woman", background="Child of refugees", show_identity=True,
      bio="Group and couples KAP in Oakland, with integration circles in English and Vietnamese."),
    G("ines", "Inés", "Valdivia", "MD", "md-do", "A 145522", "San Francisco", "CA", "94117", "Haight Street Psychiatry", "1601 Haight Street, Suite 3",
      fees=(250, 400), routes=("im", "intranasal-esketamine"), conditions=("treatment-resistant-depression", "ocd"), languages=("english", "spanish"),
      insurance=("aetna", "united"), specialities="esketamine, OCD, medication consultation", identity="", background="Peruvian American", show_identity=True,
      bio="Psychiatrist offering intramuscular KAP and supervised esketamine, with a therapist in the room."),
    G("kofi", "Kofi", "Mensah", "LCSW", "lcsw", "LCSW 88213", "Oakland", "CA", "94610", "Grand Lake Counseling", "3300 Grand Avenue, Suite 2",
      partner=True, fees=(60, 150), sliding=True, services=("integration-only", "group-kap"), populations=("bipoc", "adults"), conditions=("ptsd", "depression"),
      insurance=("medicaid",), specialities="racial trauma, community mental health", identity="Black man", background="Ghanaian American", show_identity=True,
      bio="Integration groups for Black and brown clients, on a sliding scale down to $60."),
    G("lena", "Lena", "Fischer", "PhD", "psychologist", "PSY 27781", "Berkeley", "CA", "94704", "Shattuck Avenue Psychology", "2150 Shattuck Avenue, Suite 800",
      partner=True, fees=(180, 260), populations=("adults", "healthcare-workers"), conditions=("depression", "anxiety"), languages=("english", "french"),
      specialities="burnout in clinicians, existential therapy", bio="KAP for clinicians and other healthcare workers facing burnout, in English and French."),
    G("marco", "Marco", "Silva", "PMHNP-BC", "pmhnp", "NP 95120", "San Jose", "CA", "95126", "Alameda Psychiatric Care", "1550 The Alameda, Suite 210",
      fees=(200, 320), routes=("im", "lozenge"), populations=("adults", "older-adults"), conditions=("treatment-resistant-depression", "chronic-pain"),
      languages=("english", "portuguese", "spanish"), insurance=("medicare", "bcbs"), specialities="older adults, chronic pain",
      bio="Psychiatric nurse practitioner prescribing KAP, with in-office monitoring."),
    G("june", "June", "Park", "LMFT", "lmft", "LMFT 101284", "Palo Alto", "CA", "94301", "University Avenue Therapy", "550 University Avenue",
      partner=True, fees=(160, 240), populations=("adults", "lgbtq"), conditions=("anxiety", "depression"), languages=("english", "korean"),
      specialities="Korean American families, anxiety", background="Korean American", show_identity=True,
      bio="KAP in Korean and English for adults and young adults."),
    G("rafael", "Rafael", "Ortiz", "LPC", "lpc", "LPCC 2241", "San Rafael", "CA", "94901", "Marin Integration Therapy", "1010 B Street, Suite 300",
      partner=True, fees=(90, 170), sliding=True, services=("integration-only",), populations=("adults", "veterans"), conditions=("ptsd",),
      languages=("english", "spanish"), insurance=("tricare",), specialities="veterans, moral injury", bio="Integration sessions for veterans and their partners."),
    G("wren", "Wren", "Halloran", "LCSW", "lcsw", "LCSW 97002", "Walnut Creek", "CA", "94596", "", office=False,
      partner=True, fees=(80, 140), sliding=True, services=("integration-only",), populations=("adults", "healthcare-workers"), conditions=("end-of-life", "depression"),
      specialities="grief, end of life", bio="Telehealth integration for people facing serious illness, across California."),
    G("samir", "Samir", "Haddad", "MD", "md-do", "G 120334", "San Francisco", "CA", "94115", "Fillmore Ketamine Clinic", "2100 Webster Street, Suite 210",
      telehealth=False, fees=(300, 450), routes=("iv", "im"), conditions=("treatment-resistant-depression", "chronic-pain"), languages=("english", "arabic"),
      insurance=("aetna", "cigna"), specialities="IV ketamine, chronic pain", bio="IV and IM KAP with an integration therapist on staff."),
    # --- Boulder and Denver -------------------------------------------------------
    G("aspen", "Aspen", "Whitaker", "PhD", "psychologist", "PSY 0004871", "Boulder", "CO", "80302", "Pearl Street Psychology", "1919 14th Street, Suite 500",
      partner=True, fees=(150, 230), sliding=True, services=("individual-kap", "integration-only"), populations=("adults", "lgbtq"),
      conditions=("depression", "anxiety"), specialities="somatic therapy, LGBTQ+ affirming care", identity="Queer woman", show_identity=True,
      bio="KAP with lozenges in Boulder, with a psychiatric prescriber down the hall."),
    G("beau", "Beau", "Lindqvist", "LPC", "lpc", "LPC 0017734", "Boulder", "CO", "80302", "Flatirons Counseling", "1155 Canyon Boulevard, Suite 2",
      partner=True, fees=(100, 160), sliding=True, services=("group-kap", "integration-only"), populations=("adults", "first-responders"), conditions=("ptsd",),
      insurance=("bcbs", "cigna"), specialities="first responders, EMDR", bio="Group KAP for firefighters, paramedics and police officers."),
    G("camila", "Camila", "Reyes", "PMHNP-BC", "pmhnp", "APN 0992014", "Boulder", "CO", "80304", "North Boulder Psychiatric", "4450 Broadway, Suite B",
      fees=(180, 300), routes=("im", "lozenge", "intranasal-esketamine"), conditions=("treatment-resistant-depression", "depression"),
      languages=("english", "spanish"), insurance=("medicaid", "bcbs", "united"), specialities="perinatal psychiatry", background="Colombian American", show_identity=True,
      bio="Prescriber offering IM KAP and esketamine in Spanish and English; Medicaid accepted."),
    G("dev", "Dev", "Raman", "MD", "md-do", "DR 0061123", "Boulder", "CO", "80301", "Gunbarrel Ketamine Clinic", "6655 Lookout Road, Suite 101",
      telehealth=False, fees=(275, 425), routes=("iv", "im"), populations=("adults", "older-adults"), conditions=("chronic-pain", "treatment-resistant-depression"),
      languages=("english", "hindi"), insurance=("medicare",), specialities="IV ketamine, pain", bio="Anaesthesiologist turned psychiatrist: IV KAP with integration."),
    G("ellis", "Ellis", "Moreau", "LCSW", "lcsw", "CSW 09913", "Louisville", "CO", "80027", "Coal Creek Therapy", "824 Main Street",
      partner=True, fees=(70, 140), sliding=True, services=("integration-only",), populations=("adults", "older-adults"), conditions=("end-of-life", "depression"),
      insurance=("medicare", "medicaid"), specialities="end of life, grief", bio="Integration for older adults and people facing the end of life."),
    G("fern", "Fern", "Aguilar", "LMFT", "lmft", "MFT 0014420", "Longmont", "CO", "80501", "St. Vrain Family Therapy", "401 Main Street, Suite 203",
      partner=True, fees=(90, 150), sliding=True, populations=("couples", "adults"), conditions=("anxiety", "depression"), languages=("english", "spanish"),
      insurance=("cigna",), specialities="couples, bilingual families", background="Chicana", show_identity=True, bio="Couples and individual KAP in Spanish and English."),
    G("gus", "Gus", "Petrakis", "LPC", "lpc", "LPC 0020881", "Lafayette", "CO", "80026", "", office=False,
      partner=True, fees=(80, 130), sliding=True, services=("integration-only",), populations=("veterans", "adults"), conditions=("ptsd",),
      insurance=("tricare",), specialities="veterans, trauma", bio="Telehealth integration for veterans across Colorado."),
    G("hana", "Hana", "Sato", "PsyD", "psychologist", "PSY 0005528", "Golden", "CO", "80401", "Clear Creek Psychology", "1224 Washington Avenue",
      partner=True, fees=(150, 210), populations=("adults", "healthcare-workers"), conditions=("ocd", "anxiety"), languages=("english",),
      specialities="OCD, exposure therapy", bio="KAP alongside exposure therapy for OCD."),
    G("isaiah", "Isaiah", "Booker", "MD", "md-do", "DR 0058834", "Denver", "CO", "80206", "Cherry Creek Psychiatry", "300 Josephine Street, Suite 200",
      fees=(250, 400), routes=("im", "intranasal-esketamine"), populations=("adults", "bipoc"), conditions=("treatment-resistant-depression", "ptsd"),
      insurance=("aetna", "united", "medicare"), specialities="trauma psychiatry", identity="Black man", show_identity=True,
      bio="Psychiatrist offering IM KAP and esketamine, with integration in house."),
    G("jade", "Jade", "Whitehorse", "LCSW", "lcsw", "CSW 10044", "Denver", "CO", "80218", "Uptown Counseling Collective", "1800 Gaylord Street",
      partner=True, fees=(60, 130), sliding=True, services=("group-kap", "integration-only"), populations=("bipoc", "lgbtq"), conditions=("depression", "ptsd"),
      insurance=("medicaid",), specialities="Indigenous wellness, two-spirit affirming care", background="Lakota", show_identity=True,
      bio="Sliding-scale group KAP and integration circles in central Denver."),
    # --- Seattle -------------------------------------------------------------------
    G("kit", "Kit", "Anderson", "PhD", "psychologist", "PY 61102", "Seattle", "WA", "98103", "Fremont Psychology Group", "3500 Fremont Avenue N, Suite 200",
      partner=True, fees=(160, 240), populations=("adults", "lgbtq"), conditions=("depression", "anxiety"), insurance=("out-of-network", "united"),
      specialities="ACT, LGBTQ+ clients", identity="Trans man", show_identity=True, bio="KAP with acceptance and commitment therapy in Fremont."),
    G("lucia", "Lucía", "Ferrer", "ARNP", "pmhnp", "AP 60778", "Seattle", "WA", "98122", "Capitol Hill Psychiatry", "1101 Madison Street, Suite 1200",
      fees=(200, 300), routes=("im", "lozenge"), conditions=("treatment-resistant-depression", "anxiety"), languages=("english", "spanish"),
      insurance=("bcbs", "aetna"), specialities="women's mental health", bio="Psychiatric nurse practitioner prescribing lozenge and IM KAP."),
    G("minh", "Minh", "Tran", "LMHC", "lpc", "LH 60991", "Seattle", "WA", "98118", "Columbia City Counseling", "4859 Rainier Avenue S",
      partner=True, fees=(70, 150), sliding=True, populations=("bipoc", "adults"), conditions=("ptsd", "depression"), languages=("english", "vietnamese"),
      insurance=("medicaid",), specialities="refugee mental health", background="Vietnamese American", show_identity=True,
      bio="Trauma-informed KAP for refugee and immigrant communities in South Seattle."),
    G("nora", "Nora", "Kelleher", "LICSW", "lcsw", "LW 60443", "Seattle", "WA", "98105", "", office=False,
      partner=True, fees=(90, 160), services=("integration-only",), populations=("healthcare-workers", "adults"), conditions=("depression", "anxiety"),
      languages=("english", "asl"), specialities="Deaf and hard-of-hearing clients", identity="Deaf", show_identity=True,
      bio="Telehealth integration in ASL and English across Washington."),
    G("otto", "Otto", "Brandt", "MD", "md-do", "MD 60012", "Seattle", "WA", "98115", "Ravenna Ketamine Clinic", "6000 Roosevelt Way NE",
      telehealth=False, fees=(300, 480), routes=("iv", "im"), populations=("adults", "veterans"), conditions=("treatment-resistant-depression", "ptsd"),
      insurance=("tricare", "medicare"), specialities="veterans, IV ketamine", bio="IV and IM KAP for veterans and adults with treatment-resistant depression."),
    # --- Portland -------------------------------------------------------------------
    G("piper", "Piper", "Lindgren", "LPC", "lpc", "C 5521", "Portland", "OR", "97214", "Hawthorne Counseling", "3574 SE Hawthorne Boulevard",
      partner=True, fees=(80, 150), sliding=True, services=("group-kap", "individual-kap"), populations=("adults", "lgbtq"), conditions=("depression",),
      specialities="group work, eco-therapy", bio="Small-group KAP on the east side of Portland."),
    G("quentin", "Quentin", "Adeyemi", "PsyD", "psychologist", "PSY 2201", "Portland", "OR", "97211", "Alberta Street Psychology", "1500 NE Alberta Street",
      partner=True, fees=(140, 220), populations=("bipoc", "adults"), conditions=("ptsd", "anxiety"), insurance=("out-of-network", "kaiser"),
      specialities="racial trauma, men's groups", identity="Black man", background="Nigerian American", show_identity=True,
      bio="KAP for racial trauma, in person and by telehealth."),
    G("rosalind", "Rosalind", "Cho", "PMHNP-BC", "pmhnp", "NP 20344", "Portland", "OR", "97205", "Goose Hollow Psychiatry", "1800 SW Jefferson Street",
      fees=(220, 320), routes=("im", "intranasal-esketamine"), conditions=("treatment-resistant-depression",), languages=("english", "mandarin", "cantonese"),
      insurance=("bcbs", "medicare"), specialities="Chinese-speaking clients", background="Chinese American", show_identity=True,
      bio="Prescriber offering KAP in Mandarin, Cantonese and English."),
    # --- Austin -------------------------------------------------------------------------
    G("santiago", "Santiago", "Luna", "LPC", "lpc", "LPC 71102", "Austin", "TX", "78704", "South Congress Counseling", "1600 S Congress Avenue, Suite 400",
      partner=True, fees=(80, 160), sliding=True, populations=("adults", "veterans"), conditions=("ptsd", "depression"), languages=("english", "spanish"),
      insurance=("tricare", "bcbs"), specialities="veterans, bilingual therapy", background="Tejano", show_identity=True,
      bio="KAP and integration in Spanish and English for veterans and their families."),
    G("tessa", "Tessa", "McCall", "PhD", "psychologist", "PSY 38821", "Austin", "TX", "78751", "Hyde Park Psychology", "4401 Duval Street",
      partner=True, fees=(170, 250), populations=("adults", "healthcare-workers"), conditions=("anxiety", "ocd"), insurance=("out-of-network",),
      specialities="OCD, perfectionism", bio="KAP for OCD and anxiety near the university."),
    G("uma", "Uma", "Krishnan", "MD", "md-do", "Q 9921", "Austin", "TX", "78702", "East Austin Psychiatry", "2300 E 6th Street",
      fees=(250, 400), routes=("im", "iv"), populations=("adults", "bipoc"), conditions=("treatment-resistant-depression", "chronic-pain"),
      languages=("english", "hindi"), insurance=("aetna", "cigna", "united"), specialities="chronic pain, South Asian clients", background="Tamil American", show_identity=True,
      bio="Psychiatrist offering IV and IM KAP with integration."),
    G("vera", "Vera", "Novak", "LMFT", "lmft", "LMFT 204431", "Austin", "TX", "78745", "", office=False,
      partner=True, fees=(70, 120), sliding=True, services=("integration-only",), populations=("couples", "adults"), conditions=("anxiety",),
      languages=("english", "russian"), specialities="couples, immigrants", bio="Telehealth integration for couples, in Russian and English."),
    # --- Chicago ---------------------------------------------------------------------------
    G("frankie", "Frankie", "Osei", "LCSW", "lcsw", "LCSW 77102", "Chicago", "IL", "60640", "Northside Counseling Collective", office=False,
      partner=True, fees=(60, 140), sliding=True, licensed_in=("WI",), services=("integration-only", "group-kap"), populations=("veterans", "first-responders"),
      conditions=("ptsd",), insurance=("tricare", "bcbs"), specialities="trauma, moral injury, EMDR", background="Ghanaian American",
      bio="Telehealth integration sessions for veterans and first responders."),
    G("wes", "Wes", "Kowalski", "PsyD", "psychologist", "PSY 071.008812", "Chicago", "IL", "60614", "Lincoln Park Psychology", "2551 N Clark Street, Suite 500",
      partner=True, fees=(160, 230), populations=("adults", "first-responders"), conditions=("ptsd", "depression"), languages=("english", "french"),
      insurance=("bcbs", "cigna"), specialities="first responders, trauma", bio="KAP for first responders in Lincoln Park."),
    G("ximena", "Ximena", "Duarte", "APRN", "pmhnp", "NP 209.015531", "Chicago", "IL", "60622", "Wicker Park Psychiatry", "1600 N Milwaukee Avenue",
      fees=(180, 300), routes=("lozenge", "im"), populations=("adults", "lgbtq"), conditions=("depression", "anxiety"), languages=("english", "spanish"),
      insurance=("medicaid", "bcbs"), specialities="LGBTQ+ affirming psychiatry", identity="Queer Latina", show_identity=True,
      bio="Prescriber offering KAP in Spanish and English; Medicaid accepted."),
    G("yusuf", "Yusuf", "Rahman", "LCPC", "lpc", "LCPC 180.011902", "Evanston", "IL", "60201", "Lakeshore Counseling", "990 Grove Street",
      partner=True, fees=(90, 160), sliding=True, populations=("adults", "bipoc"), conditions=("depression", "anxiety"), languages=("english", "arabic"),
      specialities="Muslim clients, faith-integrated care", background="Bangladeshi American", show_identity=True, bio="Faith-sensitive KAP in Arabic and English."),
    # --- New York ----------------------------------------------------------------------------
    G("zara", "Zara", "Bloom", "PhD", "psychologist", "016554", "New York", "NY", "10011", "Chelsea Psychology Associates", "245 W 17th Street, Suite 3",
      partner=True, fees=(200, 300), populations=("adults", "lgbtq"), conditions=("depression", "end-of-life"), insurance=("out-of-network",),
      specialities="existential therapy, end of life", bio="KAP for adults facing loss and end of life, in Chelsea."),
    G("abel", "Abel", "Mekonnen", "MD", "md-do", "289911", "New York", "NY", "10025", "Upper West Side Psychiatry", "2640 Broadway",
      fees=(300, 500), routes=("im", "intranasal-esketamine"), populations=("adults", "bipoc"), conditions=("treatment-resistant-depression",),
      insurance=("aetna", "united", "medicare"), specialities="esketamine, treatment-resistant depression", background="Ethiopian American", show_identity=True,
      bio="Psychiatrist offering IM KAP and supervised esketamine."),
    G("bea", "Bea", "Goldman", "LCSW", "lcsw", "R 081123", "Brooklyn", "NY", "11215", "Park Slope Therapy", "300 7th Avenue, Suite 2",
      partner=True, fees=(90, 180), sliding=True, populations=("couples", "lgbtq"), conditions=("anxiety", "depression"), insurance=("united",),
      specialities="queer couples", identity="Lesbian", show_identity=True, bio="KAP for couples and queer families in Brooklyn."),
    G("chidi", "Chidi", "Eze", "LMHC", "lpc", "008812", "Queens", "NY", "11375", "Forest Hills Counseling", "108-22 Queens Boulevard",
      partner=True, fees=(80, 150), sliding=True, populations=("adults", "healthcare-workers"), conditions=("ptsd", "anxiety"), languages=("english", "french"),
      insurance=("medicaid",), specialities="healthcare workers, trauma", bio="Integration and KAP for nurses, doctors and other healthcare workers."),
    G("dalia", "Dalia", "Marín", "LMFT", "lmft", "000455", "Bronx", "NY", "10463", "", office=False,
      partner=True, fees=(60, 110), sliding=True, services=("integration-only",), populations=("adults", "bipoc"), conditions=("depression",),
      languages=("english", "spanish"), insurance=("medicaid",), specialities="Latinx families", background="Dominican American", show_identity=True,
      bio="Telehealth integration in Spanish and English, across New York State."),
    # --- Santa Fe ---------------------------------------------------------------------------------
    G("gale", "Gale", "Whitehorse", "MD", "md-do", "MD 40931", "Santa Fe", "NM", "87501", "High Desert Psychiatry", "530 Cerrillos Road",
      telehealth=False, fees=(250, 450), licensed_in=("CO",), routes=("im", "iv"), populations=("adults", "older-adults"),
      conditions=("chronic-pain", "end-of-life"), insurance=("medicare", "aetna"), specialities="chronic pain, end of life", background="Diné (Navajo)", show_identity=True,
      bio="Psychiatrist and prescriber offering intramuscular KAP with an integration therapist."),
    G("hollis", "Hollis", "Begay", "LPCC", "lpc", "LPCC 0822", "Santa Fe", "NM", "87505", "Sangre de Cristo Counseling", "1421 Luisa Street, Suite D",
      partner=True, fees=(70, 140), sliding=True, licensed_in=("CO",), populations=("bipoc", "adults"), conditions=("ptsd", "depression"),
      insurance=("medicaid",), specialities="Indigenous communities, trauma", background="Diné (Navajo)", show_identity=True,
      bio="KAP with lozenges for Indigenous clients, with a partner prescriber in Santa Fe."),
]
# fmt: on
