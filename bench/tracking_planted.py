"""Planted material for the claim-tracking bars: our own fictional news sentences, in two
splits written apart. ``dev`` chose the thresholds; ``test`` is only measured.

Each split has 8 claims written three ways, 6 near misses (a look-alike of one of those claims
with a negation, another entity or another figure), 6 cross-outlet numeric conflicts (one
quantity, two figures) and 3 denials answering an accusation made in another article.
"""

from __future__ import annotations

from typing import Any

TRIPLES: dict[str, list[list[str]]] = {
    "test": [
        ["The Karvian health ministry said 214 people were treated for smoke inhalation after "
         "the Brenna refinery fire.",
         "Officials at Karvia's ministry of health reported that 214 residents needed treatment "
         "for breathing in smoke from the blaze at the Brenna refinery.",
         "After the fire at the Brenna refinery, 214 people received treatment for smoke "
         "inhalation, according to the Karvian health ministry."],
        ["Dressia's central bank raised its main interest rate to 6.5 percent on Thursday.",
         "On Thursday the central bank of Dressia lifted its benchmark rate to 6.5 percent.",
         "The Dressian central bank increased its key lending rate to 6.5 percent, it announced "
         "on Thursday."],
        ["Mayor Ilse Varga said the Oldport tram line will be closed for repairs until March.",
         "The tram line in Oldport is to stay shut for repair work until March, Mayor Ilse Varga "
         "announced.",
         "Repairs will keep Oldport's tram line closed until March, according to Mayor Ilse "
         "Varga."],
        ["The Velmont water authority found lead levels above the legal limit in 31 schools.",
         "Lead above the legal limit was detected in 31 schools, the water authority of Velmont "
         "said.",
         "According to Velmont's water authority, 31 schools had lead levels exceeding the legal "
         "limit."],
        ["Senator Aldo Ferrant accused the Marrow Group of hiding losses from its pension fund.",
         "The Marrow Group hid losses from its pension fund, Senator Aldo Ferrant alleged.",
         "Senator Aldo Ferrant charged that the Marrow Group concealed losses in its pension "
         "fund."],
        ["Northline Rail will cut 1,200 jobs at its Tessel depot by the end of next year.",
         "By the end of next year, 1,200 jobs will be eliminated at Northline Rail's Tessel "
         "depot.",
         "Northline Rail plans to shed 1,200 jobs at the Tessel depot before the end of next "
         "year."],
        ["The Estmark election commission said turnout in the regional vote reached 58 percent.",
         "Turnout in Estmark's regional election was 58 percent, the election commission "
         "reported.",
         "According to the Estmark election commission, turnout in the regional vote was 58 "
         "percent."],
        ["Health officials in Corvo confirmed that the measles outbreak has spread to four "
         "districts.",
         "The measles outbreak in Corvo has now reached four districts, health officials "
         "confirmed.",
         "Corvo health officials say the outbreak of measles has spread to four districts."],
    ],
    "dev": [
        ["The Palmera coast guard said it rescued 38 migrants from a sinking boat near Isla "
         "Roja.",
         "Thirty-eight migrants were rescued from a sinking boat off Isla Roja, the Palmera coast "
         "guard said.",
         "Near Isla Roja, Palmera's coast guard pulled 38 migrants from a boat that was sinking."],
        ["The Tarvos transport ministry said fares on the Lindgate metro will rise by 12 percent "
         "in January.",
         "Metro fares in Lindgate are set to go up by 12 percent in January, according to the "
         "Tarvos transport ministry.",
         "From January, tickets on the Lindgate metro will cost 12 percent more, the transport "
         "ministry of Tarvos announced."],
        ["Governor Rhea Castel signed a law banning single-use plastic bags in Quillon province.",
         "A law that bans single-use plastic bags across Quillon province was signed by Governor "
         "Rhea Castel.",
         "Single-use plastic bags are now banned in Quillon province after Governor Rhea Castel "
         "signed the law."],
        ["The Brightwater hospital trust said waiting lists for hip surgery have doubled since "
         "2024.",
         "Since 2024, waiting lists for hip operations have doubled, the Brightwater hospital "
         "trust said.",
         "According to the Brightwater hospital trust, the waiting list for hip surgery has "
         "doubled since 2024."],
        ["Minister Paolo Ressi accused the Kestrel consortium of inflating the cost of the "
         "Arbour dam.",
         "The Kestrel consortium inflated the cost of the Arbour dam, Minister Paolo Ressi "
         "alleged.",
         "Minister Paolo Ressi charged that the Kestrel consortium had inflated the Arbour dam's "
         "costs."],
        ["Halden Motors will build a battery plant employing 2,500 people near Sorrel Bay.",
         "A battery plant near Sorrel Bay that will employ 2,500 people is to be built by Halden "
         "Motors.",
         "Halden Motors plans a battery factory near Sorrel Bay with 2,500 jobs."],
        ["The Marisol statistics office said inflation slowed to 3.1 percent in October.",
         "Inflation in Marisol eased to 3.1 percent in October, the statistics office reported.",
         "According to Marisol's statistics office, October inflation slowed to 3.1 percent."],
        ["Police in Grenmoor said the stolen Vantis painting was recovered in a warehouse on "
         "Monday.",
         "The stolen Vantis painting was found in a warehouse on Monday, Grenmoor police said.",
         "On Monday Grenmoor police recovered the stolen Vantis painting from a warehouse."],
    ],
}

# (index of the triple it resembles, kind, text)
NEAR_MISSES: dict[str, list[tuple[int, str, str]]] = {
    "test": [
        (2, "negation", "Mayor Ilse Varga said the Oldport tram line will not be closed for "
         "repairs until March."),
        (7, "negation", "Health officials in Corvo denied that the measles outbreak has spread "
         "to four districts."),
        (1, "entity", "Halvia's central bank raised its main interest rate to 6.5 percent on "
         "Thursday."),
        (3, "entity", "The Brunmoor water authority found lead levels above the legal limit in "
         "31 schools."),
        (5, "figure", "Northline Rail will cut 300 jobs at its Tessel depot by the end of next "
         "year."),
        (6, "figure", "The Estmark election commission said turnout in the regional vote "
         "reached 41 percent."),
    ],
    "dev": [
        (2, "negation", "Governor Rhea Castel did not sign a law banning single-use plastic bags "
         "in Quillon province."),
        (7, "negation", "Police in Grenmoor denied that the stolen Vantis painting was "
         "recovered in a warehouse on Monday."),
        (0, "entity", "The Palmera coast guard said it rescued 38 migrants from a sinking boat "
         "near Punta Gris."),
        (5, "entity", "Orvane Motors will build a battery plant employing 2,500 people near "
         "Sorrel Bay."),
        (1, "figure", "The Tarvos transport ministry said fares on the Lindgate metro will rise "
         "by 4 percent in January."),
        (6, "figure", "The Marisol statistics office said inflation slowed to 5.8 percent in "
         "October."),
    ],
}

CONFLICTS: dict[str, list[tuple[str, str]]] = {
    "test": [
        ("Police in Velmont said 12 people were arrested during Saturday's protest at the Arden "
         "bridge.",
         "At least 40 protesters were detained at the Arden bridge in Velmont on Saturday, "
         "organisers said."),
        ("The Karvian interior ministry said three soldiers died in the attack on the Lusk "
         "border post.",
         "Local medics said at least 17 soldiers were killed in the attack on the Lusk border "
         "post."),
        ("Organisers said 80,000 people marched through central Oldport for the climate rally.",
         "Oldport police estimated that about 9,000 people attended the climate rally in the "
         "city centre."),
        ("The Dressian finance ministry said the Hallam bridge project cost 45 million euros.",
         "An audit found the Hallam bridge project in Dressia cost more than 120 million "
         "euros."),
        ("Corvo's fire service said 6 homes were destroyed by the Mirren valley wildfire.",
         "Residents said more than 60 homes were destroyed by the wildfire in Corvo's Mirren "
         "valley."),
        ("The Estmark port authority said 150 workers were laid off at the Sable terminal.",
         "Union leaders said 900 workers have lost their jobs at Estmark's Sable terminal."),
    ],
    "dev": [
        ("The Tarvos army said 5 civilians were killed in the shelling of Dunmere.",
         "Aid workers said at least 30 civilians died when Dunmere was shelled."),
        ("Police said 2,000 demonstrators gathered outside the Quillon parliament.",
         "Organisers said 25,000 protesters rallied outside the Quillon parliament."),
        ("The Palmera health service said 14 people were injured in the Calder stadium crush.",
         "More than 90 people were hurt in the crush at Calder stadium in Palmera, witnesses "
         "said."),
        ("Halden Motors said the Sorrel Bay plant will cost 300 million dollars.",
         "Regional officials said the Halden Motors plant at Sorrel Bay would cost about 1.2 "
         "billion dollars."),
        ("The Grenmoor council said 40 families were evacuated after the river Teal flooded.",
         "Rescue teams said more than 400 residents were evacuated when the river Teal burst "
         "its banks in Grenmoor."),
        ("Marisol's electoral board said 61 percent of voters backed the Brenhill referendum.",
         "Opposition monitors said only 38 percent of voters backed the Brenhill referendum in "
         "Marisol."),
    ],
}

# (accusation sentence, denial sentence by the accused)
DENIALS: dict[str, list[tuple[str, str]]] = {
    "test": [
        ("Senator Aldo Ferrant accused Governor Lena Hask of taking bribes from the Orrin "
         "shipyard.",
         "Governor Lena Hask denied taking bribes from the Orrin shipyard."),
        ("The Karvian foreign ministry accused Dressia of shelling the village of Tamsk.",
         "Dressia denied shelling the village of Tamsk, calling the charge a fabrication."),
        ("Union leader Mara Olsen accused Northline Rail of falsifying safety reports.",
         "Northline Rail denied falsifying its safety reports."),
    ],
    "dev": [
        ("Minister Paolo Ressi accused Mayor Tomas Greer of hiding the Arbour dam report.",
         "Mayor Tomas Greer denied hiding the Arbour dam report."),
        ("Tarvos accused Marisol of jamming the radio signals of its airport.",
         "Marisol denied jamming the airport's radio signals."),
        ("Activist Lia Brandt accused Halden Motors of polluting the Sorrel Bay estuary.",
         "Halden Motors denied polluting the estuary at Sorrel Bay."),
    ],
}

DATELINES = ["OLDPORT (Wirenews) - ", "VELMONT, Nov 4 (Wirenews) - ", "KARVIA CITY (Wire) -- ",
             "ESTMARK, Nov 9 (Wirenews) - ", "CORVO (Wire) - "]
FOOTERS = ["Follow us on social media for the latest updates.",
           "Sign up for our newsletter and follow us for breaking news.",
           "(Reporting by the Wirenews desk; editing by staff.) Follow us for more.",
           "Copyright Wirenews. Follow us on our channels for live coverage."]


def planted(split: str) -> dict[str, Any]:
    return {"triples": TRIPLES[split], "near_misses": NEAR_MISSES[split],
            "conflicts": CONFLICTS[split], "denials": DENIALS[split]}
