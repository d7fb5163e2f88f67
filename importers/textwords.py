"""The word lists of the text scan (:mod:`importers.textscan`): words that are no surname, first names that are
also ordinary words, abbreviations with dots, place names made of a first name, words before a letter that label
a place, and the two letters after four digits that are no postcode. Data only, kept apart from the patterns."""

#: Two lower-case letters after four digits that are a word, a unit or an abbreviation, not a postcode's letters.
LOWER_PAIRS = {"sa", "sd", "ss", "en", "op", "in", "of", "te", "de", "na", "om", "is", "al", "zo", "nu", "ja", "ik",
               "je", "we", "ze", "er", "uw", "af", "ad", "as", "ca", "do", "du", "el", "ex", "ga", "ha", "he", "jo",
               "la", "me", "mi", "oa", "oh", "ok", "ov", "pa", "pc", "pp", "pr", "re", "st", "ct", "tv", "vs", "wc",
               "wo", "km", "kg", "cm", "mm", "ml", "cl", "dl", "mg", "gr", "gb", "mb", "kb", "kw", "mw", "ms", "am",
               "pm", "nl", "eu", "pv", "nr", "no", "hr", "ma", "di", "vr", "za", "wk", "bu", "gm", "jr", "tm",
               "ev", "bv", "nv", "cq", "dd", "ed", "ff", "id", "bs", "vm", "nm"}
#: First names that are also common lower-case words ("door toon" is no name, "door mark" may be a mark).
FIRST_NAME_WORDS = {"toon", "mark", "els", "iris", "mats", "rosa", "noor", "roel", "kim", "sem", "ans", "tim", "eva",
                    "gert", "hein", "bert", "rik", "pim"}
#: Abbreviations written as initials.
ABBREVIATIONS = {"N.B.", "A.P.V.", "B.O.A.", "E.H.B.O.", "W.V.W.", "B.V.", "N.V.", "V.O.F.", "K.V.K.", "O.M.",
                 "P.V.", "G.G.D.", "B.S.N.", "A.U.B.", "I.V.M.", "W.C.", "C.V.", "T.V.", "P.C.", "O.V.", "I.P.V.",
                 "Z.S.M.", "F.C.", "P.S.", "S.V.P.", "D.W.Z.", "O.A.", "E.D.", "E.A.", "N.A.V.", "T.A.V.", "V.V.",
                 "S.V.", "H.C.", "R.K.", "A.D.", "B.B.", "M.B.T.", "T.B.V.", "V.M.", "N.M.", "U.S.", "E.U."}
#: Capitalised words that are no surname after initials or a first name (sentence words, directions).
NOT_SURNAMES = {"De", "Het", "Een", "En", "Of", "Bij", "Op", "In", "Te", "Met", "Voor", "Na", "Naar", "Van", "Aan",
                "Om", "Tot", "Uit", "Via", "Is", "Was", "Zie", "Let", "Geen", "Wel", "Niet", "Ook", "Dit", "Dat",
                "Die", "Deze", "Er", "Hier", "Daar", "Noord", "Oost", "Zuid", "West", "Centrum", "Stad", "Straat",
                "Weg", "Overlast", "Melding", "Meldingen", "Diefstal", "Inbraak", "Vernieling", "Afval", "Openbare",
                "Overtreding", "Controle", "Handhaving", "Verkeer", "Parkeren", "Jeugd", "Geluid", "Drugs",
                "Alcohol", "Groen", "Water", "Wegen", "Verlichting", "Dieren", "Graffiti", "Zwerfafval", "Grofvuil",
                # words of category lists that are numbered with letters ("A. Afval", "E. Speelplaatsen")
                "Speelplaatsen", "Riolering", "Schoon", "Overig", "Overige", "Evenement", "Evenementen", "Bomen",
                "Straatmeubilair", "Container", "Containers", "Ongedierte", "Gladheid", "Bestrating", "Openbaar",
                "Veiligheid", "Leefbaarheid", "Milieu", "Horeca", "Bedrijven", "Personen", "Wonen", "Woning",
                "Fiets", "Fietsen", "Auto", "Autos", "Scooter", "Brand", "Vuurwerk", "Ratten", "Honden",
                "Hondenpoep", "Stank", "Rook", "Drugsoverlast", "Jongeren", "Buren", "Burenruzie", "Bewoners",
                "Algemeen", "Diversen", "Onbekend", "Prioriteit", "Categorie", "Soort", "Type", "Klacht", "Klachten"}
#: Place names made of a first name and a word (no people).
PLACE_NAMES = {("Anna", "Paulowna"), ("Sint", "Jan"), ("Willem", "Alexander"), ("Maria", "Hoop")}
#: Words that name a part or a class by a letter ("Hal B van de Markt", "Zone A van der Valk"): the letter after
#: them is no initial.
LABEL_WORDS = {"hal", "ingang", "uitgang", "zone", "blok", "vak", "fase", "route", "type", "categorie", "klasse",
               "gebouw", "sector", "loket", "poort", "terminal", "perron", "spoor", "pier", "deel", "bijlage",
               "artikel", "lid", "lijn", "groep", "niveau", "prioriteit", "vleugel", "afdeling", "trap", "kavel",
               "veld", "parkeerterrein", "parkeergarage", "garage", "tribune", "toegang", "wijk", "gebied", "plan"}
