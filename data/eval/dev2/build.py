"""Assemble data/eval/dev2/labeled.jsonl from the hand-written rows below.

Every row is written by hand. Good rows are written with g(); bad rows are
written with b() as an explicit edit of one good row (derived_from), or with
wa() (wrong_answer: a good row's seed answered with another good row's insight)
and dup() (duplicate: a paraphrase of the claim is put into "accepted").
No randomness: the only computed field is "accepted" for good rows, which takes
the claims of the few preceding good rows about *other* documents.

Run:  python3 data/eval/dev2/build.py
"""
import copy
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
KEEP = object()

GOOD = []        # good rows in writing order
BAD = []         # bad rows in writing order
BY_ID = {}
CONF = [0.9, 0.85, 0.8, 0.95, 0.75, 0.88, 0.92, 0.7]


def _ev(doc, quotes):
    out = []
    for q in quotes:
        if isinstance(q, tuple):
            out.append({"source_id": q[0], "quote": q[1]})
        else:
            out.append({"source_id": doc, "quote": q})
    return out


def g(id, doc, question, ref, claim, reasoning, quotes, code=None, extra_src=None, note=None):
    assert id not in BY_ID, id
    sources = [doc] + ([extra_src] if extra_src else [])
    for q in quotes:
        if isinstance(q, tuple) and q[0] not in sources:
            sources.append(q[0])
    if note is None:
        note = "good: claim paraphrases the quoted sentence(s)"
        if code:
            note += "; the figure is computed from the source and verification_code prints it"
    row = {
        "id": id,
        "label": "good",
        "kind": "good",
        "expected_stage": None,
        "derived_from": None,
        "note": note,
        "seed": {"id": id, "question": question, "sources": sources, "reference_answer": ref},
        "insight": {
            "claim": claim,
            "reasoning": list(reasoning),
            "evidence": _ev(doc, quotes),
            "verification_code": code,
            "confidence": CONF[len(GOOD) % len(CONF)],
        },
        "accepted": [],
        "_doc": doc,
    }
    GOOD.append(row)
    BY_ID[id] = row
    return row


def b(kind, frm, note, claim=KEEP, reasoning=KEEP, step=None, quotes=KEEP, evidence=KEEP,
      code=KEEP, src=None, accepted_add=None, question=KEEP, ref=KEEP, suffix=""):
    base = BY_ID[frm]
    row = copy.deepcopy(base)
    row["id"] = f"{frm}--{kind}{suffix}"
    assert row["id"] not in BY_ID, row["id"]
    row["label"] = "bad"
    row["kind"] = kind
    row["derived_from"] = frm
    row["note"] = note
    ins = row["insight"]
    if claim is not KEEP:
        ins["claim"] = claim
    if reasoning is not KEEP:
        ins["reasoning"] = list(reasoning)
    if step:
        for i, text in step.items():
            if i < len(ins["reasoning"]):
                ins["reasoning"][i] = text
            else:
                ins["reasoning"].append(text)
    if quotes is not KEEP:
        ins["evidence"] = _ev(base["_doc"], quotes)
    if evidence is not KEEP:
        ins["evidence"] = [{"source_id": s, "quote": q} for s, q in evidence]
    if code is not KEEP:
        ins["verification_code"] = code
    if src:
        for e in ins["evidence"]:
            e["source_id"] = src
        if src not in row["seed"]["sources"]:
            row["seed"]["sources"].append(src)
    if question is not KEEP:
        row["seed"]["question"] = question
        row["seed"]["id"] = row["id"]
    if ref is not KEEP:
        row["seed"]["reference_answer"] = ref
    if accepted_add:
        row["_accepted_add"] = accepted_add
    BAD.append(row)
    BY_ID[row["id"]] = row
    return row


def wa(seed_from, insight_from, note=None):
    """wrong_answer: the seed of one good row, answered by a true insight of another."""
    a, o = BY_ID[seed_from], BY_ID[insight_from]
    assert a["_doc"] == o["_doc"]
    row = b("wrong_answer", seed_from,
            note or f"wrong_answer: true claim from {insight_from} does not answer the question asked")
    row["insight"] = copy.deepcopy(o["insight"])
    return row


def dup(frm, paraphrase, note=None, suffix=""):
    return b("duplicate", frm, note or "duplicate: a paraphrase of the same claim is already in accepted",
             accepted_add=paraphrase, suffix=suffix)


# ---------------------------------------------------------------------------
# tarrow_foods_results (company results, pounds, pence)
D = "tarrow_foods_results"
Q_REV = "Tarrow Foods plc, the Ellisford-based maker of chilled soups, reported revenue of £48.3 million for the year to 31 March 2024, compared with £41.9 million a year earlier."
Q_PROFIT = "Pre-tax profit rose to £2.71 million from £1.84 million."
g("tarrow-rev-growth", D, "By how much did Tarrow Foods' revenue grow in the year to March 2024?",
  "about 15.3 percent, to £48.3 million",
  "Tarrow Foods' revenue grew by about 15.3% in the year to March 2024, to £48.3m.",
  ["Revenue was £48.3 million for the year to 31 March 2024, compared with £41.9 million a year earlier.",
   "(48.3 - 41.9) / 41.9 = 0.153, which is about 15.3 percent."],
  [Q_REV], "print(round((48.3 - 41.9) / 41.9 * 100, 1))")
g("tarrow-profit", D, "What pre-tax profit did Tarrow Foods make in the year to March 2024?",
  "£2.71 million",
  "Tarrow Foods' pre-tax profit climbed to £2.71m, from £1.84m the year before.",
  ["The results say pre-tax profit rose to £2.71 million from £1.84 million.",
   "£2.71 million is written £2.71m."],
  [Q_PROFIT])
g("tarrow-margin", D, "What was Tarrow Foods' pre-tax profit margin for the year?",
  "about 5.6 percent",
  "Tarrow's pre-tax margin was about 5.6 percent (£2.71m of profit on £48.3m of revenue).",
  ["Pre-tax profit was £2.71 million and revenue £48.3 million.",
   "2.71 / 48.3 = 0.0561, about 5.6 percent."],
  [Q_REV, Q_PROFIT], "print(round(2.71 / 48.3 * 100, 1))")
g("tarrow-exports-share", D, "What share of Tarrow Foods' revenue came from exports?",
  "about 14.9 percent",
  "Exports made up roughly 14.9% of Tarrow's £48.3m revenue.",
  ["Exports accounted for £7.2 million of revenue, and revenue was £48.3 million.",
   "7.2 / 48.3 = 0.149, so about 14.9 percent."],
  ["Exports accounted for £7.2 million of revenue, up from £5.1 million.", Q_REV],
  "print(round(7.2 / 48.3 * 100, 1))")
g("tarrow-equity", D, "Does Tarrow Foods plan to raise new equity?", "No",
  "Mairead said Tarrow Foods does not intend to raise new equity.",
  ["Mairead Colston is Tarrow's chief executive.",
   "She added that the company had no plans to raise new equity."],
  ["Chief executive Mairead Colston said the year had been the first in which every product line made money.",
   "Mairead added that the company had no plans to raise new equity."])
g("tarrow-net-debt", D, "By how much did Tarrow Foods reduce its net debt?", "£2.25 million",
  "Tarrow's net debt dropped by £2.25m, to £4.05m.",
  ["Net debt fell to £4.05 million from £6.30 million.", "6.30 - 4.05 = 2.25"],
  ["Net debt fell to £4.05 million from £6.30 million."], "print(round(6.30 - 4.05, 2))")
g("tarrow-dividend", D, "What total dividend per share does Tarrow Foods pay for the year?", "4.9p",
  "With the interim unchanged at 1.5p and a proposed final of 3.4p, Tarrow's dividend for the year totals 4.9p per share.",
  ["The board proposed a final dividend of 3.4p and did not change the 1.5p interim.", "3.4 + 1.5 = 4.9"],
  ["The board proposed a final dividend of 3.4p per share, without changing the interim dividend of 1.5p."],
  "print(round(3.4 + 1.5, 1))")
g("tarrow-q1", D, "How did Tarrow Foods' sales in April to June 2024 compare with a year earlier?",
  "9 percent higher",
  "Tarrow's sales from April to June 2024 were up 9% on the same months of 2023.",
  ["Between April and June 2024 sales were 9 percent higher than in the same months of 2023."],
  ["Between April and June 2024, sales were 9 percent higher than in the same months of 2023."])
g("tarrow-staff", D, "How did Tarrow Foods' staff numbers change?", "up 35 to 412",
  "Tarrow's workforce grew by 35 people, to 412.",
  ["Staff numbers rose to 412, versus 377 at the end of the previous year.", "412 - 377 = 35"],
  ["Staff numbers rose to 412, versus 377 at the end of the previous year."], "print(412 - 377)")
g("tarrow-depot", D, "What did Tarrow Foods spend on its new depot?", "£0.6 million",
  "Opening the Carrow Vale depot cost Tarrow £600,000.",
  ["The company spent £0.6 million opening a depot in Carrow Vale.", "£0.6 million is £600,000."],
  ["Moving into new markets cost money: the company spent £0.6 million opening a depot in Carrow Vale."])

b("arithmetic_error", "tarrow-rev-growth", "arithmetic_error: 6.4/41.9 is 0.153, not 0.133",
  claim="Tarrow Foods' revenue grew by about 13.3% in the year to March 2024, to £48.3m.",
  step={1: "(48.3 - 41.9) / 41.9 = 0.133, which is about 13.3 percent."}, code=None)
b("code_mismatch", "tarrow-rev-growth", "code_mismatch: code divides by the new revenue and prints 13.3, not 15.3",
  code="print(round((48.3 - 41.9) / 48.3 * 100, 1))")
b("altered_number", "tarrow-profit", "altered_number: £2.71m changed to £2.17m",
  claim="Tarrow Foods' pre-tax profit climbed to £2.17m, from £1.84m the year before.",
  reasoning=["The results say pre-tax profit rose to £2.17 million from £1.84 million.", "£2.17 million is written £2.17m."])
b("fabricated_quote", "tarrow-profit", "fabricated_quote: the quote's prior-year figure is altered (1.84 -> 1.48)",
  quotes=["Pre-tax profit rose to £2.71 million from £1.48 million."])
b("broken_reasoning", "tarrow-margin", "broken_reasoning: added step says profit fell and the margin dropped; profit rose and the margin went up from 4.4%",
  step={2: "This is lower than the previous year's margin, because profit fell."})
b("unsupported_generalisation", "tarrow-exports-share", "unsupported_generalisation: 'always' - last year exports were only 12% of revenue",
  claim="Exports have always made up about 14.9% of Tarrow's revenue.")
b("contradiction", "tarrow-equity", "contradiction: source says no plans to raise new equity",
  claim="Mairead said Tarrow Foods intends to raise new equity.",
  step={1: "She added that the company planned to raise new equity."})
b("arithmetic_error", "tarrow-net-debt", "arithmetic_error: 6.30 - 4.05 = 2.25, not 2.35",
  claim="Tarrow's net debt dropped by £2.35m, to £4.05m.", step={1: "6.30 - 4.05 = 2.35"}, code=None)
b("code_mismatch", "tarrow-net-debt", "code_mismatch: code adds instead of subtracting (prints 10.35)",
  code="print(round(6.30 + 4.05, 2))")
b("contradiction", "tarrow-dividend", "contradiction: interim dividend was not changed, claim says it was raised",
  claim="Tarrow raised its interim dividend to 1.5p and proposed a final of 3.4p, for 4.9p per share in total.")
b("contradiction", "tarrow-q1", "contradiction: sales were 9 percent higher, not lower",
  claim="Tarrow's sales from April to June 2024 were down 9% on the same months of 2023.",
  reasoning=["Between April and June 2024 sales were 9 percent lower than in the same months of 2023."])
b("altered_number", "tarrow-staff", "altered_number: 412 changed to 421 (and 35 to 44)",
  claim="Tarrow's workforce grew by 44 people, to 421.", code="print(421 - 377)",
  reasoning=["Staff numbers rose to 421, versus 377 at the end of the previous year.", "421 - 377 = 44"])
dup("tarrow-q1", "Sales at Tarrow in the April-June quarter of 2024 rose 9 percent year on year.")
wa("tarrow-staff", "tarrow-depot")

# ---------------------------------------------------------------------------
# calder_power_annual (dollars, $bn, GWh, percent, km/h)
D = "calder_power_annual"
Q_GWH = "Calder Grid Power Inc. generated 14,820 GWh of electricity in 2023, up from 13,960 GWh in 2022."
Q_MIX = "Wind farms supplied 38.9 percent of output and gas plants 44.2 percent; the remainder came from the Orrin Falls hydro scheme."
Q_TOB = "Calder's chief engineer, Tobias Wrenfield, said the overhead lines had been designed for gusts of 130 km/h rather than the 158 km/h recorded that night."
g("calder-output-growth", D, "How much did Calder Grid Power's electricity generation grow in 2023?",
  "about 6.2 percent, to 14,820 GWh",
  "Calder generated 14,820 GWh in 2023, about 6.2% more than the 13,960 GWh of 2022.",
  ["Output was 14,820 GWh in 2023, up from 13,960 GWh in 2022.",
   "(14,820 - 13,960) / 13,960 = 860 / 13,960 = 0.0616, about 6.2 percent."],
  [Q_GWH], "print(round((14820 - 13960) / 13960 * 100, 1))")
g("calder-hydro-share", D, "What share of Calder's output came from hydro power?", "16.9 percent",
  "The Orrin Falls hydro scheme supplied the remaining 16.9 percent of Calder's output.",
  ["Wind supplied 38.9 percent and gas 44.2 percent; the remainder came from the Orrin Falls hydro scheme.",
   "100 - 38.9 - 44.2 = 16.9"],
  [Q_MIX], "print(round(100 - 38.9 - 44.2, 1))")
g("calder-wind-gwh", D, "About how much electricity did Calder's wind farms generate in 2023?",
  "about 5,765 GWh",
  "Calder's wind farms produced roughly 5,765 GWh, 38.9% of the 14,820 GWh total.",
  ["Total output was 14,820 GWh and wind supplied 38.9 percent of it.",
   "0.389 × 14,820 = 5,765 GWh (rounded)."],
  [Q_GWH, Q_MIX], "print(f'{round(0.389 * 14820):,}')")
g("calder-saltmere", D, "When did Calder close the Saltmere coal station?", "May 2023, two years early",
  "The Saltmere coal station was shut in May 2023, two years ahead of schedule.",
  ["The company closed Saltmere in May 2023, two years earlier than planned."],
  ["The company closed the Saltmere coal station in May 2023, two years earlier than planned."])
g("calder-no-gas", D, "Did Calder order any new gas capacity in 2023?", "No",
  "Calder placed no orders for new gas-fired capacity in 2023.",
  ["The summary says no new gas capacity was ordered during the year."],
  ["No new gas capacity was ordered during the year."])
g("calder-storm-design", D, "Why did the Brackley lines fail in the February storm?",
  "they were designed for 130 km/h gusts; 158 km/h was recorded",
  "Tobias said the overhead lines were built for gusts of 130 km/h, but gusts of 158 km/h were recorded during the storm.",
  ["Tobias Wrenfield is Calder's chief engineer.",
   "He said the lines had been designed for 130 km/h gusts rather than the 158 km/h recorded that night."],
  [Q_TOB])
g("calder-price-fall", D, "By how much did average wholesale prices fall in 2023?", "about 22.8 percent",
  "Average wholesale prices dropped about 22.8%, from $92/MWh to $71/MWh.",
  ["Prices fell from $92 per MWh in 2022 to $71 per MWh in 2023.", "(92 - 71) / 92 = 0.228"],
  ["Average wholesale prices fell from $92 per MWh in 2022 to $71 per MWh in 2023."],
  "print(round((92 - 71) / 92 * 100, 1))")
g("calder-capex-ratio", D, "How large was Calder's capital spending relative to its revenue?",
  "about a quarter",
  "Capital spending of $310m was about a quarter (26%) of Calder's $1.2bn revenue.",
  ["Revenue was $1.2bn and capital spending $310 million.", "310 / 1,200 = 0.258, roughly a quarter."],
  ["Revenue reached $1.2bn, while capital spending was $310 million."], "print(round(310 / 1200 * 100))")
g("calder-outage", D, "How many households lost power for more than 12 hours in the February storm?",
  "up to 2,400",
  "As many as 2,400 Brackley households were without power for over 12 hours in the February storm.",
  ["Up to 2,400 households in the Brackley district lost power for more than 12 hours."],
  ["Up to 2,400 households in the Brackley district lost power for more than 12 hours during the February storm, the longest outage in the company's history."])
g("calder-underground", D, "What would it cost to put the Brackley lines underground?", "about $46 million",
  "Tobias put the cost of undergrounding the Brackley lines at roughly $46m.",
  ["Tobias Wrenfield is Calder's chief engineer.",
   "He said burying the Brackley lines underground would cost about $46 million."],
  [Q_TOB, "Tobias also said that burying the Brackley lines underground would cost about $46 million."])

b("arithmetic_error", "calder-output-growth", "arithmetic_error: 860/13,960 is 0.0616, not 0.058",
  claim="Calder generated 14,820 GWh in 2023, about 5.8% more than the 13,960 GWh of 2022.",
  step={1: "(14,820 - 13,960) / 13,960 = 860 / 13,960 = 0.058, about 5.8 percent."}, code=None)
b("code_mismatch", "calder-output-growth", "code_mismatch: code divides by 2023 output and prints 5.8",
  code="print(round((14820 - 13960) / 14820 * 100, 1))")
b("arithmetic_error", "calder-hydro-share", "arithmetic_error: 100 - 38.9 - 44.2 = 16.9, not 17.9",
  claim="The Orrin Falls hydro scheme supplied the remaining 17.9 percent of Calder's output.",
  step={1: "100 - 38.9 - 44.2 = 17.9"}, code=None)
b("broken_reasoning", "calder-hydro-share", "broken_reasoning: step 1 swaps the wind and gas shares (false step, right answer)",
  step={0: "Wind supplied 44.2 percent and gas 38.9 percent; the remainder came from the Orrin Falls hydro scheme."})
b("code_mismatch", "calder-wind-gwh", "code_mismatch: code uses the gas share and prints 6,550",
  code="print(f'{round(0.442 * 14820):,}')")
b("swapped_entity", "calder-wind-gwh", "swapped_entity: the wind share is attributed to gas plants",
  claim="Calder's gas plants produced roughly 5,765 GWh, 38.9% of the 14,820 GWh total.",
  step={0: "Total output was 14,820 GWh and gas supplied 38.9 percent of it."})
b("altered_number", "calder-saltmere", "altered_number: two years changed to three",
  claim="The Saltmere coal station was shut in May 2023, three years ahead of schedule.")
b("contradiction", "calder-saltmere", "contradiction: closed earlier than planned, not later",
  claim="The Saltmere coal station was shut in May 2023, two years later than planned.")
b("contradiction", "calder-no-gas", "contradiction: no new gas capacity was ordered",
  claim="Calder ordered new gas-fired capacity in 2023 to replace the Saltmere coal station.",
  reasoning=["The summary says new gas capacity was ordered during the year."])
b("contradiction", "calder-storm-design", "contradiction: 'X rather than Y' reversed - design was 130, recorded 158",
  claim="Tobias said the overhead lines were built for gusts of 158 km/h, but gusts of 130 km/h were recorded during the storm.",
  step={1: "He said the lines had been designed for 158 km/h gusts rather than the 130 km/h recorded that night."})
b("arithmetic_error", "calder-price-fall", "arithmetic_error: 21/92 = 0.228, not 0.248",
  claim="Average wholesale prices dropped about 24.8%, from $92/MWh to $71/MWh.",
  step={1: "(92 - 71) / 92 = 0.248"}, code=None)
b("altered_number", "calder-capex-ratio", "altered_number: revenue $1.2bn changed to $2.1bn",
  claim="Capital spending of $310m was about a quarter (26%) of Calder's $2.1bn revenue.")
b("unsupported_generalisation", "calder-outage", "unsupported_generalisation: 'up to 2,400 households' becomes every household in the district",
  claim="Every household in the Brackley district was without power for over 12 hours in the February storm.")
dup("calder-outage", "Up to 2,400 homes in Brackley had no electricity for more than 12 hours during February's storm.")
b("swapped_entity", "calder-underground", "swapped_entity: the Brackley lines are replaced by the Orrin Falls lines",
  claim="Tobias put the cost of undergrounding the Orrin Falls lines at roughly $46m.")

# ---------------------------------------------------------------------------
# marrisfield_dairy_coop (euro, cents, 0.31 million kg)
D = "marrisfield_dairy_coop"
Q_PRICE = "Members received an average price of 41.2 cents per litre, versus 48.7 cents in 2022."
Q_CHEESE = "Cheese output was 5,310 tonnes, of which 0.31 million kilograms went to a new Dutch customer, Hoekstra Kaas."
Q_LOAN = "The board has secured a €900,000 loan from the Venn Regional Fund to replace the cheese vats at the Oldbury plant."
Q_ANN1 = "Chair Annelies Brugman thanked members for their patience."
Q_ANN2 = "Annelies noted that the cooperative had never before cut the milk price twice in one year."
g("mar-price-drop", D, "How much did the milk price paid to Marrisfield members fall in 2023?",
  "7.5 cents per litre, about 15.4 percent",
  "The average milk price fell by 7.5 cents, from 48.7 to 41.2 cents per litre, a drop of about 15.4%.",
  ["Members received 41.2 cents per litre, versus 48.7 cents in 2022.",
   "48.7 - 41.2 = 7.5 cents, and 7.5 / 48.7 = 0.154."],
  [Q_PRICE], "print(round(48.7 - 41.2, 1), round((48.7 - 41.2) / 48.7 * 100, 1))")
g("mar-litres-per-farm", D, "How much milk did each Marrisfield member farm supply on average in 2023?",
  "about 290,000 litres",
  "On average each of the 212 member farms supplied about 290,000 litres of milk in 2023.",
  ["The cooperative collected 61.4 million litres from 212 member farms.",
   "61,400,000 / 212 = 289,623 litres, about 290,000."],
  ["The cooperative collected 61.4 million litres of milk from its 212 member farms in 2023."],
  "print(f'{round(61.4e6 / 212, -4):,.0f}')")
g("mar-loan", D, "How will the replacement of the Oldbury cheese vats be paid for?",
  "a €900,000 loan from the Venn Regional Fund",
  "A €0.9m loan from the Venn Regional Fund will pay for new cheese vats at Oldbury.",
  ["The board secured a €900,000 loan from the Venn Regional Fund to replace the vats.",
   "€900,000 is €0.9m."],
  [Q_LOAN], extra_src="tarrow_foods_results")
g("mar-dutch-share", D, "What share of Marrisfield's cheese went to Hoekstra Kaas?", "about 5.8 percent",
  "Hoekstra Kaas took 310 tonnes, about 5.8% of the cooperative's 5,310 tonnes of cheese.",
  ["0.31 million kilograms is 310,000 kg, or 310 tonnes.",
   "310 / 5,310 = 0.0584, about 5.8 percent."],
  [Q_CHEESE], "print(round(310 / 5310 * 100, 1))")
g("mar-membership", D, "How many farms left the Marrisfield cooperative?", "seven",
  "Seven farms stopped milking, cutting membership from 219 to 212 farms.",
  ["Membership fell from 219 farms to 212 because seven farms stopped milking."],
  ["Membership fell from 219 farms to 212, as seven farms stopped milking."])
g("mar-price-cut-first", D, "Had the cooperative ever cut the milk price twice in a year before?", "No",
  "Annelies said this was the first time the cooperative had cut the milk price twice in a single year.",
  ["Annelies Brugman chairs the cooperative.",
   "She noted it had never before cut the milk price twice in one year, so this was the first time."],
  [Q_ANN1, Q_ANN2])
g("mar-vats-age", D, "How old will the Oldbury cheese vats be when they are removed?", "about 37 years",
  "The Oldbury vats, installed in 1987, will be 37 years old when they come out in autumn 2024.",
  ["The newsletter is for spring 2024 and says the vats will be taken out between September and November, i.e. in autumn 2024.",
   "They were installed in 1987, and 2024 - 1987 = 37."],
  ["The vats, installed in 1987, will be taken out between September and November."], "print(2024 - 1987)")
g("mar-butter", D, "How did Marrisfield's butter and yoghurt sales change?", "butter up 12%, yoghurt flat",
  "Butter sales grew 12 percent while yoghurt sales did not change.",
  ["Butter sales rose by 12%, but yoghurt sales were flat."],
  ["Butter sales rose by 12%, but yoghurt sales were flat."])

b("arithmetic_error", "mar-price-drop", "arithmetic_error: 7.5/48.7 is 0.154, not 0.182",
  claim="The average milk price fell by 7.5 cents, from 48.7 to 41.2 cents per litre, a drop of about 18.2%.",
  step={1: "48.7 - 41.2 = 7.5 cents, and 7.5 / 48.7 = 0.182."}, code=None)
b("code_mismatch", "mar-price-drop", "code_mismatch: code divides by the new price and prints 18.2",
  code="print(round(48.7 - 41.2, 1), round((48.7 - 41.2) / 41.2 * 100, 1))")
b("arithmetic_error", "mar-litres-per-farm", "arithmetic_error: 61.4m / 212 is about 290,000, not 320,000",
  claim="On average each of the 212 member farms supplied about 320,000 litres of milk in 2023.",
  step={1: "61,400,000 / 212 = 320,000 litres."}, code=None)
b("altered_number", "mar-loan", "altered_number: €0.9m changed to €9m",
  claim="A €9m loan from the Venn Regional Fund will pay for new cheese vats at Oldbury.",
  step={1: "€900,000 is €9m."})
b("wrong_source", "mar-loan", "wrong_source: the loan sentence is from the Marrisfield newsletter, not the Corley Fen report",
  src="corley_fen_warming")
b("arithmetic_error", "mar-dutch-share", "arithmetic_error: 0.31 million kg is 310 tonnes, not 31",
  claim="Hoekstra Kaas took 31 tonnes, about 0.6% of the cooperative's 5,310 tonnes of cheese.",
  reasoning=["0.31 million kilograms is 31 tonnes.", "31 / 5,310 = 0.0058, about 0.6 percent."], code=None)
b("code_mismatch", "mar-dutch-share", "code_mismatch: code prints 58.4, not 5.8",
  code="print(round(310 / 5.31, 1))")
b("altered_number", "mar-membership", "altered_number: 219 farms changed to 221",
  claim="Seven farms stopped milking, cutting membership from 221 to 212 farms.")
b("contradiction", "mar-price-cut-first", "contradiction: 'never before' becomes 'often'",
  claim="Annelies said the cooperative had often cut the milk price twice in one year before.")
b("broken_reasoning", "mar-price-cut-first", "broken_reasoning: Annelies is the chair, not the finance director",
  step={0: "Annelies Brugman is the cooperative's finance director."})
b("arithmetic_error", "mar-vats-age", "arithmetic_error: 2024 - 1987 is 37, not 47",
  claim="The Oldbury vats, installed in 1987, will be 47 years old when they come out in autumn 2024.",
  step={1: "They were installed in 1987, and 2024 - 1987 = 47."}, code=None)
b("swapped_entity", "mar-butter", "swapped_entity: butter and yoghurt swapped",
  claim="Yoghurt sales grew 12 percent while butter sales did not change.")
b("unsupported_generalisation", "mar-butter", "unsupported_generalisation: yoghurt was flat, so not every product rose",
  claim="Sales of every Marrisfield product rose, led by butter at 12 percent.")

# ---------------------------------------------------------------------------
# lenholm_tram_boardings (table turned to prose)
D = "lenholm_tram_boardings"
Q_L1 = "Castle Square was the busiest stop with 2.14 million boardings, followed by Riverside Interchange with 1.87 million."
Q_L2 = "Harbour Gate recorded 0.96 million, Mill Lane 0.58 million and Tanners Row 0.44 million."
Q_L3 = "In 2022 the corresponding figures were 1.98 million, 1.61 million, 0.91 million, 0.60 million and 0.39 million."
Q_L4 = "Mill Lane was therefore the only stop where boardings fell."
Q_L5 = "Moving the Tanners Row stop 200 m closer to the college in March 2023 is thought to explain most of its growth."
Q_L6 = "The line's top speed is 70 km/h, but the average speed between stops, including time spent at stops, was 19.5 km/h."
g("len-total", D, "How many boardings did the five Lenholm tram stops record in 2023, compared with 2022?",
  "5.99 million, up about 9.1 percent from 5.49 million",
  "The five stops had 5.99 million boardings in 2023, up about 9.1% from 5.49 million in 2022.",
  ["2023: 2.14 + 1.87 + 0.96 + 0.58 + 0.44 = 5.99 million.",
   "2022: 1.98 + 1.61 + 0.91 + 0.60 + 0.39 = 5.49 million.",
   "(5.99 - 5.49) / 5.49 = 0.091, about 9.1 percent."],
  [Q_L1, Q_L2, Q_L3],
  "a = [2.14, 1.87, 0.96, 0.58, 0.44]\nb = [1.98, 1.61, 0.91, 0.60, 0.39]\nprint(round(sum(a), 2), round(sum(b), 2), round((sum(a) - sum(b)) / sum(b) * 100, 1))")
g("len-busiest", D, "Which was the busiest Lenholm tram stop in 2023?", "Castle Square, 2.14 million",
  "Castle Square was the busiest stop, with 2.14 million boardings versus 1.87 million at Riverside Interchange.",
  ["The table puts Castle Square first with 2.14 million boardings and Riverside Interchange second with 1.87 million."],
  [Q_L1])
g("len-millane", D, "Did boardings fall at any Lenholm stop in 2023?", "only at Mill Lane",
  "Mill Lane was the only stop to lose passengers, slipping from 0.60 million to 0.58 million boardings.",
  ["Mill Lane had 0.58 million boardings in 2023; the 2022 figures list it fourth, at 0.60 million.",
   "The document says Mill Lane was the only stop where boardings fell."],
  [Q_L2, Q_L3, Q_L4])
g("len-tanners", D, "How much did boardings at Tanners Row grow, and why?",
  "about 12.8 percent, mostly because the stop was moved closer to the college",
  "Tanners Row boardings rose by about 12.8%, from 0.39m to 0.44m, mostly thanks to the stop being moved 200 m nearer the college.",
  ["Tanners Row had 0.44 million boardings in 2023 and 0.39 million in 2022.",
   "(0.44 - 0.39) / 0.39 = 0.128",
   "Moving the stop 200 m closer to the college is thought to explain most of the growth."],
  [Q_L2, Q_L3, Q_L5], "print(round((0.44 - 0.39) / 0.39 * 100, 1))")
g("len-speed", D, "How fast do Lenholm trams travel on average?", "19.5 km/h",
  "Including time at stops, Lenholm trams average 19.5 km/h, well under their 70 km/h top speed.",
  ["The average speed between stops, including time at stops, was 19.5 km/h; the top speed is 70 km/h."],
  [Q_L6])
g("len-frequency", D, "How many trams an hour run at peak and in the evening?", "10 at peak, 5 in the evening",
  "Trams run every 6 minutes at peak and every 12 minutes in the evening, i.e. 10 an hour at peak versus 5 in the evening.",
  ["Trams ran every 6 minutes at peak times and every 12 minutes in the evening.", "60 / 6 = 10 and 60 / 12 = 5."],
  ["Trams ran every 6 minutes at peak times and every 12 minutes in the evening."],
  "print(60 // 6, 60 // 12)")
g("len-castle-share", D, "What share of the five stops' 2023 boardings was at Castle Square?", "about 35.7 percent",
  "Castle Square accounted for about 35.7% of the 5.99 million boardings at the five stops.",
  ["Castle Square had 2.14 million of the 5.99 million boardings (2.14 + 1.87 + 0.96 + 0.58 + 0.44).",
   "2.14 / 5.99 = 0.357"],
  [Q_L1, Q_L2], "print(round(2.14 / 5.99 * 100, 1))")

b("arithmetic_error", "len-total", "arithmetic_error: the 2023 stops sum to 5.99, not 6.09",
  claim="The five stops had 6.09 million boardings in 2023, up about 10.9% from 5.49 million in 2022.",
  step={0: "2023: 2.14 + 1.87 + 0.96 + 0.58 + 0.44 = 6.09 million.", 2: "(6.09 - 5.49) / 5.49 = 0.109, about 10.9 percent."},
  code=None)
b("code_mismatch", "len-total", "code_mismatch: code leaves out Tanners Row and prints 5.55 5.1 8.8",
  code="a = [2.14, 1.87, 0.96, 0.58, 0.44]\nb = [1.98, 1.61, 0.91, 0.60, 0.39]\nprint(round(sum(a[:4]), 2), round(sum(b[:4]), 2), round((sum(a[:4]) - sum(b[:4])) / sum(b[:4]) * 100, 1))")
b("swapped_entity", "len-busiest", "swapped_entity: Castle Square and Riverside Interchange swapped",
  claim="Riverside Interchange was the busiest stop, with 2.14 million boardings versus 1.87 million at Castle Square.")
b("altered_number", "len-busiest", "altered_number: 2.14 million changed to 2.41 million",
  claim="Castle Square was the busiest stop, with 2.41 million boardings versus 1.87 million at Riverside Interchange.")
b("swapped_entity", "len-millane", "swapped_entity: Tanners Row put in place of Mill Lane",
  claim="Tanners Row was the only stop to lose passengers, slipping from 0.60 million to 0.58 million boardings.")
b("contradiction", "len-tanners", "contradiction: the stop moved closer to the college, not further away",
  claim="Tanners Row boardings rose by about 12.8%, from 0.39m to 0.44m, despite the stop being moved 200 m further from the college.",
  step={2: "The stop was moved 200 m further from the college."})
b("unsupported_generalisation", "len-tanners", "unsupported_generalisation: 'most of its growth' becomes all of it",
  claim="Tanners Row boardings rose by about 12.8%, from 0.39m to 0.44m, and moving the stop 200 m nearer the college explains all of that growth.")
b("altered_number", "len-speed", "altered_number: 19.5 km/h changed to 29.5 km/h",
  claim="Including time at stops, Lenholm trams average 29.5 km/h, well under their 70 km/h top speed.")
b("arithmetic_error", "len-frequency", "arithmetic_error: 60/6 = 10 and 60/12 = 5, not 12 and 6",
  claim="Trams run every 6 minutes at peak and every 12 minutes in the evening, i.e. 12 an hour at peak versus 6 in the evening.",
  step={1: "60 / 6 = 12 and 60 / 12 = 6."}, code=None)
b("code_mismatch", "len-castle-share", "code_mismatch: code divides by the 2022 total and prints 39.0",
  code="print(round(2.14 / 5.49 * 100, 1))")

# ---------------------------------------------------------------------------
# pellan_moor_summer (mm / millimetres, °C)
D = "pellan_moor_summer"
Q_P1 = "Between June and August 2023 the Pellan Moor station recorded 212 mm of rain, compared with a 1991-2020 average of 246 mm for the same months."
Q_P2 = "July was the wettest month with 104 mm, while June had only 31 mm."
Q_P3 = "The highest temperature, 29.4 °C, was measured on 11 July; the lowest, 4.8 °C, on 2 June."
Q_P4 = "Mean daily maximum temperature across the three months was 19.6 °C, 1.1 °C above the long-term mean."
Q_P5 = "There was no ground frost in August, as in every August since records began in 1961."
Q_P6 = "Station manager Rhiannon Teague noted that the rain gauge was replaced on 1 June, so readings are not directly comparable with earlier years."
Q_P7 = "Rhiannon estimates the new gauge catches about 3% more rain than the old one."
g("pel-august", D, "How much rain fell at Pellan Moor in August 2023?", "77 mm",
  "August 2023 brought 77 millimetres of rain at Pellan Moor.",
  ["June to August had 212 mm in total; July had 104 mm and June 31 mm.", "212 - 104 - 31 = 77 mm for August."],
  [Q_P1, Q_P2], "print(212 - 104 - 31)")
g("pel-vs-average", D, "How did summer 2023 rainfall at Pellan Moor compare with the average?",
  "212 mm, about 86 percent of the 246 mm average",
  "Summer rainfall was 212 millimetres, about 86% of the 1991-2020 average of 246 millimetres.",
  ["The station recorded 212 mm against a 1991-2020 average of 246 mm.", "212 / 246 = 0.862"],
  [Q_P1], "print(round(212 / 246 * 100))")
g("pel-temp-range", D, "What was the temperature range at Pellan Moor in summer 2023?", "4.8 °C to 29.4 °C",
  "Temperatures ranged from 4.8°C on 2 June to 29.4°C on 11 July, a spread of 24.6°C.",
  ["The lowest temperature was 4.8 °C on 2 June and the highest 29.4 °C on 11 July.", "29.4 - 4.8 = 24.6"],
  [Q_P3], "print(round(29.4 - 4.8, 1))")
g("pel-longterm-mean", D, "What is the long-term mean daily maximum for summer at Pellan Moor?", "about 18.5 °C",
  "The long-term summer mean daily maximum is about 18.5°C, since 2023's 19.6°C was 1.1°C above it.",
  ["The 2023 mean daily maximum was 19.6 °C, 1.1 °C above the long-term mean.", "19.6 - 1.1 = 18.5"],
  [Q_P4], "print(round(19.6 - 1.1, 1))")
g("pel-frost", D, "Was there ground frost at Pellan Moor in August 2023?", "No",
  "No - August 2023 was free of ground frost, as every August has been since records began in 1961.",
  ["The summary says there was no ground frost in August, as in every August since 1961."],
  [Q_P5])
g("pel-gauge", D, "Are the 2023 Pellan Moor rain readings comparable with earlier years?", "not directly",
  "Not directly: Rhiannon noted the rain gauge was replaced on 1 June, and she reckons the new one catches about 3% more rain.",
  ["Rhiannon Teague, the station manager, said the gauge was replaced on 1 June so readings are not directly comparable.",
   "She estimates the new gauge catches about 3% more rain than the old one."],
  [Q_P6, Q_P7])
g("pel-deficit", D, "How far short of the average was summer 2023 rainfall at Pellan Moor?", "34 mm",
  "Summer 2023 at Pellan Moor was 34 mm short of the 246 mm average.",
  ["212 mm fell against an average of 246 mm.", "246 - 212 = 34"],
  [Q_P1], "print(246 - 212)")
g("pel-gust", D, "What was the strongest wind gust at Pellan Moor in summer 2023?", "96 km/h on 19 August",
  "A thunderstorm on 19 August brought gusts of 96 km/h.",
  ["Wind gusts reached 96 km/h during a thunderstorm on 19 August."],
  ["Wind gusts reached 96 km/h during a thunderstorm on 19 August."])

b("arithmetic_error", "pel-august", "arithmetic_error: 212 - 104 - 31 = 77, not 87",
  claim="August 2023 brought 87 millimetres of rain at Pellan Moor.", step={1: "212 - 104 - 31 = 87 mm for August."}, code=None)
b("code_mismatch", "pel-august", "code_mismatch: code adds June instead of subtracting it (prints 139)",
  code="print(212 - 104 + 31)")
b("altered_number", "pel-vs-average", "altered_number: 212 changed to 226 in the claim",
  claim="Summer rainfall was 226 millimetres, about 86% of the 1991-2020 average of 246 millimetres.")
b("unsupported_generalisation", "pel-vs-average", "unsupported_generalisation: the total was below average, nothing says every month was (July had 104 mm)",
  claim="Every summer month of 2023 was drier than average at Pellan Moor, giving 212 millimetres, about 86% of the 246 mm average.")
b("swapped_entity", "pel-temp-range", "swapped_entity: the dates of the highest and lowest temperatures are swapped",
  claim="Temperatures ranged from 4.8°C on 11 July to 29.4°C on 2 June, a spread of 24.6°C.")
b("arithmetic_error", "pel-longterm-mean", "arithmetic_error: 19.6 - 1.1 = 18.5, not 18.3",
  claim="The long-term summer mean daily maximum is about 18.3°C, since 2023's 19.6°C was 1.1°C above it.",
  step={1: "19.6 - 1.1 = 18.3"}, code=None)
b("contradiction", "pel-frost", "contradiction: there was no ground frost in August",
  claim="August 2023 had ground frost at Pellan Moor for the first time since records began in 1961.",
  reasoning=["The summary says August had ground frost for the first time since 1961."])
b("broken_reasoning", "pel-frost", "broken_reasoning: non-sequitur - gusts have nothing to do with it; the source simply states no frost",
  reasoning=["Wind gusts reached 96 km/h on 19 August.", "Ground frost cannot form in a month with gusts that strong, so August had none."])
b("altered_number", "pel-gauge", "altered_number: 3% changed to 8%",
  claim="Not directly: Rhiannon noted the rain gauge was replaced on 1 June, and she reckons the new one catches about 8% more rain.")
b("contradiction", "pel-gauge", "contradiction: the new gauge catches more rain, not less",
  claim="Not directly: Rhiannon noted the rain gauge was replaced on 1 June, and she reckons the new one catches about 3% less rain.")
dup("pel-deficit", "Rainfall at Pellan Moor in summer 2023 fell 34 millimetres below the long-term average of 246 mm.")
wa("pel-gust", "pel-temp-range")

# ---------------------------------------------------------------------------
# glenhaven_exam_results (percent, first name alone)
D = "glenhaven_exam_results"
Q_G1 = "In 2024, 61.5% of pupils at Ashby Road Academy achieved a grade 4 or above in both English and maths, versus 54.0% at St Brendan's and 38.9% at Quarry Hill School."
Q_G2 = "The district average was 52.7%, and the national figure 65.1%."
Q_G3 = "Quarry Hill entered 144 pupils, Ashby Road 208 and St Brendan's 176."
Q_G4 = "Up from 31.2% in 2023, Quarry Hill's result was its best since the school opened in 2009."
Q_G5 = "Headteacher Collins Adeyemi-Ward credited a new reading programme, not extra tuition."
Q_G6 = "Collins said the school had not excluded any pupils in the exam year."
g("glen-qh-pupils", D, "About how many Quarry Hill pupils got grade 4 or above in both English and maths?", "about 56",
  "About 56 of Quarry Hill's 144 pupils (38.9%) achieved grade 4 or above in both English and maths.",
  ["Quarry Hill's rate was 38.9% and it entered 144 pupils.", "0.389 × 144 = 56.0"],
  [Q_G1, Q_G3], "print(round(0.389 * 144))")
g("glen-qh-improve", D, "How much did Quarry Hill's results improve in 2024?", "7.7 percentage points",
  "Quarry Hill's rate rose 7.7 percentage points, from 31.2% to 38.9%, its best since opening in 2009.",
  ["Quarry Hill's result was 38.9% in 2024, up from 31.2% in 2023.", "38.9 - 31.2 = 7.7"],
  [Q_G1, Q_G4], "print(round(38.9 - 31.2, 1))")
g("glen-ranking", D, "How did the three Glenhaven schools rank in 2024?", "Ashby Road, St Brendan's, Quarry Hill",
  "Ashby Road led with 61.5%, ahead of St Brendan's on 54.0% and Quarry Hill on 38.9%.",
  ["Ashby Road had 61.5%, St Brendan's 54.0% and Quarry Hill 38.9%."],
  [Q_G1])
g("glen-national-gap", D, "How did the Glenhaven district compare with the national figure?", "12.4 points below",
  "The district average of 52.7% was 12.4 points below the national figure of 65.1%.",
  ["The district average was 52.7% and the national figure 65.1%.", "65.1 - 52.7 = 12.4"],
  [Q_G2], "print(round(65.1 - 52.7, 1))")
g("glen-reading", D, "What did Quarry Hill's headteacher credit for the improvement?", "a new reading programme",
  "Collins put the improvement down to a new reading programme rather than extra tuition.",
  ["Collins Adeyemi-Ward is Quarry Hill's headteacher.",
   "He credited a new reading programme, not extra tuition."],
  [Q_G4, Q_G5])
g("glen-exclusions", D, "Did Quarry Hill exclude any pupils in the exam year?", "No",
  "Collins said Quarry Hill excluded no pupils during the exam year.",
  ["Collins Adeyemi-Ward, the headteacher, said the school had not excluded any pupils in the exam year."],
  [Q_G5, Q_G6])
g("glen-ashby-fall", D, "How did Ashby Road's result change from 2023?", "down 0.8 points",
  "Ashby Road's figure dipped 0.8 points, from 62.3% to 61.5%.",
  ["Ashby Road had 61.5% in 2024; its figure fell slightly from 62.3% in 2023.", "62.3 - 61.5 = 0.8"],
  [Q_G1, "Ashby Road's figure fell slightly from 62.3% in 2023."], "print(round(62.3 - 61.5, 1))")

b("arithmetic_error", "glen-qh-pupils", "arithmetic_error: 0.389 × 144 = 56, not 62",
  claim="About 62 of Quarry Hill's 144 pupils (38.9%) achieved grade 4 or above in both English and maths.",
  step={1: "0.389 × 144 = 62.0"}, code=None)
b("code_mismatch", "glen-qh-pupils", "code_mismatch: code uses St Brendan's 176 entries and prints 68",
  code="print(round(0.389 * 176))")
b("altered_number", "glen-qh-improve", "altered_number: opened in 2009 changed to 2006",
  claim="Quarry Hill's rate rose 7.7 percentage points, from 31.2% to 38.9%, its best since opening in 2006.")
b("arithmetic_error", "glen-qh-improve", "arithmetic_error: 38.9 - 31.2 = 7.7, not 8.7",
  claim="Quarry Hill's rate rose 8.7 percentage points, from 31.2% to 38.9%, its best since opening in 2009.",
  step={1: "38.9 - 31.2 = 8.7"}, code=None)
b("swapped_entity", "glen-ranking", "swapped_entity: Ashby Road's and St Brendan's figures swapped",
  claim="St Brendan's led with 61.5%, ahead of Ashby Road on 54.0% and Quarry Hill on 38.9%.")
b("contradiction", "glen-national-gap", "contradiction: the district was below the national figure, not above",
  claim="The district average of 52.7% was 12.4 points above the national figure of 65.1%.")
b("code_mismatch", "glen-national-gap", "code_mismatch: code uses St Brendan's 54.0 and prints 11.1",
  code="print(round(65.1 - 54.0, 1))")
b("contradiction", "glen-reading", "contradiction: 'X, not Y' reversed",
  claim="Collins put the improvement down to extra tuition rather than a new reading programme.",
  step={1: "He credited extra tuition, not a new reading programme."})
b("broken_reasoning", "glen-reading", "broken_reasoning: Collins is Quarry Hill's headteacher, not Ashby Road's",
  step={0: "Collins Adeyemi-Ward is the headteacher of Ashby Road Academy."})
b("unsupported_generalisation", "glen-exclusions", "unsupported_generalisation: only Quarry Hill's exclusions are reported",
  claim="None of the Glenhaven district's schools excluded any pupils during the exam year.")
b("contradiction", "glen-ashby-fall", "contradiction: Ashby Road fell from 62.3% to 61.5%, it did not rise",
  claim="Ashby Road's figure rose 0.8 points, from 61.5% to 62.3%.")
dup("glen-ashby-fall", "Ashby Road Academy slipped from 62.3 percent in 2023 to 61.5 percent in 2024.")

# ---------------------------------------------------------------------------
# dunmere_hip_trial (science, negations)
D = "dunmere_hip_trial"
Q_D1 = "Researchers at Dunmere General Hospital randomly assigned 240 patients aged over 65 to either walk within 24 hours of hip replacement surgery or follow the usual routine of walking after 48 hours."
Q_D2 = "The early group stayed in hospital for a median of 4.2 days, versus 5.9 days for the usual-care group."
Q_D3 = "Falls in hospital occurred in 7 early-group patients and 9 usual-care patients, a difference the authors describe as not statistically significant."
Q_D4 = "No patient in either group died within 30 days."
Q_D5 = "Readmissions within 90 days were 6.7% in the early group and 10.0% in the usual-care group."
Q_D6 = "The study was led by physiotherapist Dr Katrin Oduya, who said the shorter stays came without any increase in pain scores."
Q_D7 = "Katrin cautioned that the trial excluded patients with dementia, so the findings may not apply to them."
Q_D8 = "The trial ran from 2020-2022 and was funded by a £310,000 grant."
Q_D9 = "Each group had 120 patients."
g("dun-stay", D, "How much shorter were hospital stays with early walking?", "1.7 days, about 28.8 percent",
  "Early walking cut the median stay from 5.9 to 4.2 days, 1.7 days or about 28.8% shorter.",
  ["The early group's median stay was 4.2 days versus 5.9 days for usual care.",
   "5.9 - 4.2 = 1.7 days, and 1.7 / 5.9 = 0.288."],
  [Q_D2], "print(round(5.9 - 4.2, 1), round((5.9 - 4.2) / 5.9 * 100, 1))")
g("dun-falls", D, "Did early walking change the rate of falls in hospital?", "not significantly",
  "Falls were slightly less common in the early group (7 of 120, about 5.8%) than with usual care (9 of 120, 7.5%), but the difference was not statistically significant.",
  ["Each group had 120 patients; 7 early-group and 9 usual-care patients fell.",
   "7 / 120 = 5.8% and 9 / 120 = 7.5%.",
   "The authors describe the difference as not statistically significant."],
  [Q_D9, Q_D3], "print(round(7 / 120 * 100, 1), round(9 / 120 * 100, 1))")
g("dun-deaths", D, "Did any patients in the Dunmere trial die within 30 days?", "No",
  "No one in either group died within 30 days of surgery.",
  ["The trial reports that no patient in either group died within 30 days."], [Q_D4])
g("dun-readmit", D, "How many patients were readmitted within 90 days in each group?", "about 8 and 12",
  "About 8 early-group patients (6.7%) and 12 usual-care patients (10.0%) were readmitted within 90 days.",
  ["Each group had 120 patients.", "0.067 × 120 = 8 and 0.100 × 120 = 12."],
  [Q_D9, Q_D5], "print(round(0.067 * 120), round(0.10 * 120))")
g("dun-dementia", D, "Do the Dunmere findings apply to patients with dementia?", "not necessarily",
  "Not necessarily: Katrin warned that patients with dementia were left out of the trial, so the results may not apply to them.",
  ["Katrin Oduya, a physiotherapist, led the study.",
   "She cautioned that patients with dementia were excluded, so the findings may not apply to them."],
  [Q_D6, Q_D7])
g("dun-pain", D, "Did early walking increase pain?", "No",
  "Katrin said the shorter stays came with no rise in pain scores.",
  ["Katrin Oduya led the study and said the shorter stays came without any increase in pain scores."],
  [Q_D6])
g("dun-funding", D, "How long did the Dunmere trial run and how was it funded?", "2020-2022, £310,000 grant",
  "The trial ran from 2020 to 2022 on a £310k grant.",
  ["The trial ran from 2020-2022 and was funded by a £310,000 grant."], [Q_D8])
g("dun-design", D, "How were patients assigned in the Dunmere trial?", "randomly, 120 per group",
  "240 patients over 65 were randomised to walking within 24 hours of hip replacement or the usual 48 hours, 120 in each group.",
  ["240 patients aged over 65 were randomly assigned to walk within 24 hours or after the usual 48 hours.",
   "Each group had 120 patients."],
  [Q_D1, Q_D9])

b("arithmetic_error", "dun-stay", "arithmetic_error: 1.7/5.9 = 0.288, not 0.405",
  claim="Early walking cut the median stay from 5.9 to 4.2 days, 1.7 days or about 40.5% shorter.",
  step={1: "5.9 - 4.2 = 1.7 days, and 1.7 / 5.9 = 0.405."}, code=None)
b("code_mismatch", "dun-stay", "code_mismatch: code divides by 4.2 and prints 1.7 40.5",
  code="print(round(5.9 - 4.2, 1), round((5.9 - 4.2) / 4.2 * 100, 1))")
b("contradiction", "dun-falls", "contradiction: the difference was NOT statistically significant",
  claim="Falls were less common in the early group (7 of 120, about 5.8%) than with usual care (9 of 120, 7.5%), and the difference was statistically significant.",
  step={2: "The authors describe the difference as statistically significant."})
b("swapped_entity", "dun-falls", "swapped_entity: the two groups' fall counts swapped",
  claim="Falls were slightly more common in the early group (9 of 120, 7.5%) than with usual care (7 of 120, about 5.8%), but the difference was not statistically significant.")
b("contradiction", "dun-deaths", "contradiction: no patient died, claim says two did",
  claim="Two patients in the usual-care group died within 30 days of surgery, but none in the early group.")
b("arithmetic_error", "dun-readmit", "arithmetic_error: 10.0% of 120 is 12, not 10",
  claim="About 8 early-group patients (6.7%) and 10 usual-care patients (10.0%) were readmitted within 90 days.",
  step={1: "0.067 × 120 = 8 and 0.100 × 120 = 10."}, code=None)
b("swapped_entity", "dun-readmit", "swapped_entity: the groups' readmission figures swapped",
  claim="About 12 early-group patients (10.0%) and 8 usual-care patients (6.7%) were readmitted within 90 days.",
  step={1: "0.100 × 120 = 12 for the early group and 0.067 × 120 = 8 for usual care."},
  code="print(round(0.10 * 120), round(0.067 * 120))")
b("broken_reasoning", "dun-dementia", "broken_reasoning: Katrin is a physiotherapist, not an orthopaedic surgeon",
  step={0: "Katrin Oduya, an orthopaedic surgeon, led the study."})
b("contradiction", "dun-pain", "contradiction: 'without any increase in pain scores' becomes higher pain",
  claim="Katrin said the shorter stays came at the cost of higher pain scores.")
b("altered_number", "dun-funding", "altered_number: £310k changed to £130k",
  claim="The trial ran from 2020 to 2022 on a £130k grant.")
b("unsupported_generalisation", "dun-design", "unsupported_generalisation: a trial in over-65s that excluded dementia is generalised to all patients",
  claim="The Dunmere trial shows that all hip-replacement patients, of any age, should walk within 24 hours of surgery.",
  step={2: "Early walking shortened stays, so it suits every patient."})
b("unsupported_generalisation", "dun-stay", "unsupported_generalisation: a hip-surgery trial in over-65s is generalised to every kind of surgery",
  claim="Early walking cuts hospital stays after every kind of surgery, by 1.7 days or about 28.8%.")
dup("dun-pain", "According to Katrin, patients who went home sooner did not report more pain.")
wa("dun-deaths", "dun-design")

# ---------------------------------------------------------------------------
# ilse_marrow (biography; full name, then first name)
D = "ilse_marrow"
Q_I1 = "She studied physics at Caldermoor University from 1949 to 1952 and then joined the Estuary Survey Board, where she worked for 31 years."
Q_I2 = "Ilse designed the Marrow flow gauge in 1964; the instrument measured river flow to within 2% without needing a weir."
Q_I3 = "Between 1971 and 1978 she led the survey of the Tavy Reach, which mapped 140 km of channel."
Q_I4 = "She never married, and she declined a national honour in 1985."
Q_I5 = "Ilse retired in 1983 and moved to Kellin, where she wrote two books on tidal rivers."
Q_I6 = "Her notebooks, 86 volumes in all, are held by the Pentreath Cove museum."
g("ilse-gauge", D, "What did the Marrow flow gauge do?", "measured river flow to within 2% without a weir",
  "Ilse's 1964 flow gauge measured river flow to within 2% with no need for a weir.",
  ["Ilse Marrow designed the Marrow flow gauge in 1964.",
   "It measured river flow to within 2% without needing a weir."],
  [Q_I2])
g("ilse-career", D, "How long did Ilse Marrow work at the Estuary Survey Board?", "31 years",
  "Ilse spent 31 years at the Estuary Survey Board, from 1952 until she retired in 1983.",
  ["She joined the Board after finishing at Caldermoor in 1952 and worked there for 31 years.",
   "1952 + 31 = 1983, matching her retirement in 1983."],
  [Q_I1, Q_I5], "print(1952 + 31)")
g("ilse-tavy", D, "How much channel did the Tavy Reach survey map per year?", "about 20 km a year",
  "The 1971-1978 Tavy Reach survey Ilse led mapped 140 km of channel, about 20 km a year.",
  ["The survey ran from 1971 to 1978, seven years, and mapped 140 km.", "140 / 7 = 20"],
  [Q_I3], "print(round(140 / (1978 - 1971)))")
g("ilse-honour", D, "Did Ilse Marrow accept a national honour?", "No, she declined one in 1985",
  "No - Ilse turned down a national honour in 1985, two years after she retired.",
  ["She declined a national honour in 1985.", "She had retired in 1983, two years before."],
  [Q_I4, Q_I5])
g("ilse-notebooks", D, "Where are Ilse Marrow's notebooks kept?", "Pentreath Cove museum",
  "The Pentreath Cove museum holds Ilse's 86 volumes of notebooks.",
  ["Her notebooks, 86 volumes, are held by the Pentreath Cove museum."], [Q_I6])
g("ilse-retirement", D, "What did Ilse Marrow do after retiring?", "moved to Kellin and wrote two books",
  "After retiring in 1983, Ilse moved to Kellin and wrote two books on tidal rivers.",
  ["Ilse retired in 1983 and moved to Kellin, where she wrote two books on tidal rivers."], [Q_I5])
g("ilse-education", D, "What did Ilse Marrow study at university?", "physics at Caldermoor, 1949-1952",
  "Ilse Marrow read physics at Caldermoor University between 1949 and 1952.",
  ["She studied physics at Caldermoor University from 1949 to 1952."], [Q_I1])

b("contradiction", "ilse-gauge", "contradiction: the gauge worked without a weir",
  claim="Ilse's 1964 flow gauge measured river flow to within 2%, but only when installed on a weir.",
  step={1: "It measured river flow to within 2% but needed a weir."})
b("altered_number", "ilse-gauge", "altered_number: 2% changed to 5%",
  claim="Ilse's 1964 flow gauge measured river flow to within 5% with no need for a weir.")
b("arithmetic_error", "ilse-career", "arithmetic_error: 1952 + 31 = 1983, not 1981",
  claim="Ilse spent 31 years at the Estuary Survey Board, from 1952 until 1981.",
  step={1: "1952 + 31 = 1981."}, code=None)
b("arithmetic_error", "ilse-tavy", "arithmetic_error: 140 / 7 = 20, not 25",
  claim="The 1971-1978 Tavy Reach survey Ilse led mapped 140 km of channel, about 25 km a year.",
  step={1: "140 / 7 = 25"}, code=None)
b("code_mismatch", "ilse-tavy", "code_mismatch: code counts 8 years and prints 17.5",
  code="print(round(140 / (1978 - 1971 + 1), 1))")
b("contradiction", "ilse-honour", "contradiction: she declined the honour",
  claim="Ilse accepted a national honour in 1985, two years after she retired.",
  step={0: "She accepted a national honour in 1985."})
b("broken_reasoning", "ilse-honour", "broken_reasoning: non-sequitur linking the refusal to her never marrying",
  reasoning=["She never married.", "Because she never married, she had to decline the national honour in 1985."])
b("altered_number", "ilse-notebooks", "altered_number: 86 volumes changed to 68",
  claim="The Pentreath Cove museum holds Ilse's 68 volumes of notebooks.")
b("wrong_source", "ilse-notebooks", "wrong_source: the notebooks sentence is from the Ilse Marrow biography, not the Wendle Bridge history",
  src="wendle_bridge_history")
b("swapped_entity", "ilse-retirement", "swapped_entity: she moved to Kellin, not her birthplace Pentreath Cove",
  claim="After retiring in 1983, Ilse moved back to Pentreath Cove and wrote two books on tidal rivers.")
dup("ilse-retirement", "Ilse Marrow retired in 1983, settled in Kellin and wrote two books about tidal rivers.")
wa("ilse-education", "ilse-gauge")

# ---------------------------------------------------------------------------
# orlebar_bypass (km/h rather than, en dash range, negation)
D = "orlebar_bypass"
Q_O1 = "The 7.8 km Orlebar bypass opened to traffic on 14 October 2024, after construction lasting from 2021–2024."
Q_O2 = "The road cost £96.5 million, against an original budget of £78 million."
Q_O3 = "It has a speed limit of 80 km/h rather than the 100 km/h first proposed, following objections from residents of Harlan Green."
Q_O4 = "Traffic through Orlebar's high street is expected to fall by 60%, from about 18,000 vehicles a day."
Q_O5 = "County engineer Priya Haldane said no homes had been demolished to build the road."
Q_O6 = "Priya added that a cycle path running alongside it will open in spring 2025."
Q_O7 = "Journey times between Orlebar and the A41 junction are predicted to drop from 14 minutes to 6 minutes."
g("orl-overrun", D, "How far over budget was the Orlebar bypass?", "£18.5 million, about 23.7 percent",
  "The bypass cost £96.5m, £18.5m (about 23.7%) more than the original £78m budget.",
  ["The road cost £96.5 million against a budget of £78 million.", "96.5 - 78 = 18.5, and 18.5 / 78 = 0.237."],
  [Q_O2], "print(round(96.5 - 78, 1), round((96.5 - 78) / 78 * 100, 1))")
g("orl-speed", D, "What is the speed limit on the Orlebar bypass?", "80 km/h",
  "The limit is 80 km/h instead of the 100 km/h originally planned, after Harlan Green residents objected.",
  ["The bypass has a speed limit of 80 km/h rather than the 100 km/h first proposed, following objections from Harlan Green residents."],
  [Q_O3])
g("orl-traffic", D, "How much traffic is expected on Orlebar high street once the bypass opens?", "about 7,200 vehicles a day",
  "A 60% fall from about 18,000 vehicles a day would leave roughly 7,200 a day on Orlebar's high street.",
  ["Traffic is expected to fall by 60% from about 18,000 vehicles a day.", "18,000 × 0.4 = 7,200"],
  [Q_O4], "print(f'{round(18000 * (1 - 0.6)):,}')")
g("orl-demolition", D, "Were any homes demolished to build the Orlebar bypass?", "No",
  "Priya said building the road did not require knocking down any houses.",
  ["Priya Haldane is the county engineer.", "She said no homes had been demolished to build the road."],
  [Q_O5])
g("orl-cost-per-km", D, "What did the Orlebar bypass cost per kilometre?", "about £12.4 million",
  "At £96.5m for 7.8 kilometres, the bypass cost about £12.4m per km.",
  ["The bypass is 7.8 km long and cost £96.5 million.", "96.5 / 7.8 = 12.37"],
  [Q_O1, Q_O2], "print(round(96.5 / 7.8, 1))")
g("orl-journey", D, "How much time will the bypass save between Orlebar and the A41 junction?", "8 minutes",
  "Journeys between Orlebar and the A41 junction should fall from 14 to 6 minutes, a saving of 8 minutes.",
  ["Journey times are predicted to drop from 14 minutes to 6 minutes.", "14 - 6 = 8"],
  [Q_O7], "print(14 - 6)")
g("orl-build", D, "When was the Orlebar bypass built and how long is it?", "2021-2024, 7.8 km",
  "The 7.8-kilometre bypass was built between 2021 and 2024 and opened on 14 October 2024.",
  ["The 7.8 km bypass opened on 14 October 2024 after construction lasting from 2021 to 2024."], [Q_O1])
g("orl-cycle", D, "When will the Orlebar bypass cycle path open?", "spring 2025",
  "Priya said the cycle path beside the bypass will open in spring 2025.",
  ["Priya Haldane, the county engineer, added that a cycle path alongside the road will open in spring 2025."],
  [Q_O5, Q_O6])

b("arithmetic_error", "orl-overrun", "arithmetic_error: 18.5 / 78 = 0.237, not 0.192",
  claim="The bypass cost £96.5m, £18.5m (about 19.2%) more than the original £78m budget.",
  step={1: "96.5 - 78 = 18.5, and 18.5 / 78 = 0.192."}, code=None)
b("code_mismatch", "orl-overrun", "code_mismatch: code divides by the final cost and prints 18.5 19.2",
  code="print(round(96.5 - 78, 1), round((96.5 - 78) / 96.5 * 100, 1))")
b("contradiction", "orl-speed", "contradiction: '80 rather than 100' reversed",
  claim="The limit is 100 km/h instead of the 80 km/h originally planned, after Harlan Green residents objected.")
b("altered_number", "orl-speed", "altered_number: 80 km/h changed to 70 km/h",
  claim="The limit is 70 km/h instead of the 100 km/h originally planned, after Harlan Green residents objected.")
b("arithmetic_error", "orl-traffic", "arithmetic_error: 18,000 × 0.4 = 7,200, not 10,800",
  claim="A 60% fall from about 18,000 vehicles a day would leave roughly 10,800 a day on Orlebar's high street.",
  step={1: "18,000 × 0.4 = 10,800"}, code=None)
b("code_mismatch", "orl-traffic", "code_mismatch: code computes the reduction (10,800), not what is left",
  code="print(f'{round(18000 * 0.6):,}')")
b("contradiction", "orl-demolition", "contradiction: no homes were demolished",
  claim="Priya said a handful of houses had to be knocked down to build the road.",
  step={1: "She said some homes had been demolished to build the road."})
b("broken_reasoning", "orl-demolition", "broken_reasoning: Priya is the county engineer, not a Harlan Green objector",
  step={0: "Priya Haldane is a Harlan Green resident who objected to the road."})
b("arithmetic_error", "orl-cost-per-km", "arithmetic_error: 96.5 / 7.8 = 12.4, not 11.4",
  claim="At £96.5m for 7.8 kilometres, the bypass cost about £11.4m per km.", step={1: "96.5 / 7.8 = 11.37"}, code=None)
b("altered_number", "orl-journey", "altered_number: 6 minutes changed to 4 (and the saving to 10)",
  claim="Journeys between Orlebar and the A41 junction should fall from 14 to 4 minutes, a saving of 10 minutes.",
  reasoning=["Journey times are predicted to drop from 14 minutes to 4 minutes.", "14 - 4 = 10"], code="print(14 - 4)")
b("altered_number", "orl-build", "altered_number: 7.8 km changed to 8.7 km",
  claim="The 8.7-kilometre bypass was built between 2021 and 2024 and opened on 14 October 2024.")
b("wrong_source", "orl-build", "wrong_source: the opening sentence is from the Orlebar report, cited as the Lenholm tram document",
  src="lenholm_tram_boardings")
dup("orl-cycle", "A cycle path alongside the Orlebar bypass is due to open in spring 2025, Priya said.")
wa("orl-cycle", "orl-speed")

# ---------------------------------------------------------------------------
# brackwater_town_season (sport)
D = "brackwater_town_season"
Q_B1 = "Brackwater Town finished fourth in the Northern Counties League with 71 points from 38 matches."
Q_B2 = "They won 21, drew 8 and lost 9, scoring 68 goals and conceding 41."
Q_B3 = "The club's rivals, Selwick Athletic, finished second with 80 points."
Q_B4 = "Brackwater lost the play-off semi-final to Selwick 2-1 after extra time."
Q_B5 = "Striker Dominic Feeney scored 23 league goals, the most by a Brackwater player since 1998."
Q_B6 = "Manager Lorna Byatt, in her first full season, said the club would not sell Dominic in the summer."
Q_B7 = "Average home attendance was 1,412, up from 1,180 the season before."
Q_B8 = "The club reported a loss of £185,000 on turnover of £2.3 million."
g("bra-record", D, "What was Brackwater Town's league record in 2023-24?", "W21 D8 L9, 71 points, fourth",
  "Brackwater won 21, drew 8 and lost 9 of 38 league games, finishing fourth on 71 points (21 × 3 + 8).",
  ["They won 21, drew 8 and lost 9 and finished fourth with 71 points from 38 matches.",
   "21 × 3 + 8 × 1 = 71, which matches the points total."],
  [Q_B1, Q_B2], "print(21 * 3 + 8)")
g("bra-gd", D, "What was Brackwater Town's goal difference?", "+27",
  "With 68 scored and 41 conceded, Brackwater's goal difference was +27.",
  ["They scored 68 goals and conceded 41.", "68 - 41 = 27"], [Q_B2], "print(68 - 41)")
g("bra-attendance", D, "How much did Brackwater's average home attendance rise?", "about 19.7 percent",
  "Average home crowds at Brackwater rose about 19.7%, from 1,180 to 1,412.",
  ["Average home attendance was 1,412, up from 1,180.", "(1,412 - 1,180) / 1,180 = 232 / 1,180 = 0.197"],
  [Q_B7], "print(round((1412 - 1180) / 1180 * 100, 1))")
g("bra-feeney-share", D, "What share of Brackwater's league goals did Dominic Feeney score?", "about a third",
  "Dominic scored 23 of the team's 68 league goals, about a third (33.8%).",
  ["Dominic Feeney scored 23 league goals; the team scored 68.", "23 / 68 = 0.338, about a third."],
  [Q_B2, Q_B5], "print(round(23 / 68 * 100, 1))")
g("bra-rivals", D, "Where did Selwick Athletic finish compared with Brackwater?", "second, nine points ahead",
  "Selwick finished second on 80 points, 9 clear of fourth-placed Brackwater on 71.",
  ["Selwick Athletic finished second with 80 points; Brackwater were fourth with 71.", "80 - 71 = 9"],
  [Q_B1, Q_B3], "print(80 - 71)")
g("bra-playoff", D, "How did Brackwater's season end?", "lost the play-off semi-final to Selwick",
  "Brackwater went out in the play-off semi-final, losing 2-1 to Selwick after extra time.",
  ["Brackwater lost the play-off semi-final to Selwick 2-1 after extra time."], [Q_B4])
g("bra-sell", D, "Will Brackwater sell Dominic Feeney in the summer?", "No",
  "Lorna said Brackwater would not sell Dominic in the summer.",
  ["Lorna Byatt is the manager.", "She said the club would not sell Dominic in the summer."], [Q_B6])
g("bra-finance", D, "What were Brackwater Town's finances for the season?", "a £185,000 loss on £2.3 million turnover",
  "Brackwater lost £185k on a turnover of £2.3m.",
  ["The club reported a loss of £185,000 on turnover of £2.3 million."], [Q_B8])

b("altered_number", "bra-record", "altered_number: lost 9 changed to lost 11",
  claim="Brackwater won 21, drew 8 and lost 11 of 38 league games, finishing fourth on 71 points (21 × 3 + 8).")
b("arithmetic_error", "bra-gd", "arithmetic_error: 68 - 41 = 27, not 37",
  claim="With 68 scored and 41 conceded, Brackwater's goal difference was +37.", step={1: "68 - 41 = 37"}, code=None)
b("arithmetic_error", "bra-attendance", "arithmetic_error: 232/1,180 = 0.197, not 0.164",
  claim="Average home crowds at Brackwater rose about 16.4%, from 1,180 to 1,412.",
  step={1: "(1,412 - 1,180) / 1,180 = 232 / 1,180 = 0.164"}, code=None)
b("code_mismatch", "bra-attendance", "code_mismatch: code divides by 1,412 and prints 16.4",
  code="print(round((1412 - 1180) / 1412 * 100, 1))")
b("broken_reasoning", "bra-feeney-share", "broken_reasoning: Dominic missed six matches in March, he did not play all 38",
  step={2: "Dominic played in all 38 league matches."})
b("swapped_entity", "bra-rivals", "swapped_entity: Brackwater and Selwick swapped",
  claim="Brackwater finished second on 80 points, 9 clear of fourth-placed Selwick on 71.")
b("contradiction", "bra-playoff", "contradiction: Brackwater lost the semi-final",
  claim="Brackwater beat Selwick 2-1 after extra time in the play-off semi-final.")
b("contradiction", "bra-sell", "contradiction: the club said it would not sell him",
  claim="Lorna said Brackwater would sell Dominic in the summer.")
b("unsupported_generalisation", "bra-sell", "unsupported_generalisation: 'not in the summer' becomes 'never'",
  claim="Lorna said Brackwater will never sell Dominic.")
b("altered_number", "bra-finance", "altered_number: £185k changed to £158k",
  claim="Brackwater lost £158k on a turnover of £2.3m.")
b("wrong_source", "bra-finance", "wrong_source: the loss sentence is from the Brackwater review, cited as the Ardlow museum report",
  src="ardlow_museum_report")
wa("bra-gd", "bra-playoff")

# ---------------------------------------------------------------------------
# ferrow_estuary_waders
D = "ferrow_estuary_waders"
Q_F1 = "The count of dunlin fell from 4,620 in 2019 to 2,980 in 2024, while redshank rose from 610 to 845."
Q_F2 = "Curlew numbers were roughly stable at about 390."
Q_F3 = "Golden plover were not recorded at all in 2021, a year with unusually mild weather."
Q_F4 = "The club's report attributes the dunlin decline to disturbance from dog walkers rather than to food shortage, citing a survey of mud-dwelling worms that found no fall in prey density."
Q_F5 = "Coordinator Euan Pettigrew said the count is carried out on a single day, so a cold snap can shift birds between estuaries."
Q_F6 = "Euan recommends adding a second count in February."
Q_F7 = "A 42-hectare refuge zone was closed to the public in 2023."
g("fer-dunlin", D, "How much did dunlin numbers on the Ferrow Estuary fall?", "about 35.5 percent",
  "Dunlin on the Ferrow fell by about 35.5%, from 4,620 in 2019 to 2,980 in 2024.",
  ["Dunlin fell from 4,620 in 2019 to 2,980 in 2024.", "(4,620 - 2,980) / 4,620 = 1,640 / 4,620 = 0.355"],
  [Q_F1], "print(round((4620 - 2980) / 4620 * 100, 1))")
g("fer-redshank", D, "How did redshank numbers change on the Ferrow?", "up 235, about 38.5 percent",
  "Redshank increased from 610 to 845, a rise of 235 birds (about 38.5%).",
  ["Redshank rose from 610 to 845.", "845 - 610 = 235, and 235 / 610 = 0.385."],
  [Q_F1], "print(845 - 610, round((845 - 610) / 610 * 100, 1))")
g("fer-cause", D, "What does the bird club blame for the dunlin decline?", "disturbance from dog walkers",
  "The club blames disturbance by dog walkers, not a lack of food: a survey found no drop in the worms dunlin feed on.",
  ["The report attributes the decline to disturbance from dog walkers rather than food shortage.",
   "It cites a worm survey that found no fall in prey density."],
  [Q_F4])
g("fer-plover", D, "Were golden plover recorded every year on the Ferrow?", "No, none in 2021",
  "No - golden plover went unrecorded in 2021, an unusually mild year.",
  ["Golden plover were not recorded at all in 2021, a year with unusually mild weather."], [Q_F3])
g("fer-euan", D, "What change to the count did Euan Pettigrew recommend, and why?", "a second count in February",
  "Euan wants a second count in February, because a single-day count can be thrown off when a cold snap moves birds between estuaries.",
  ["Euan Pettigrew, the coordinator, said the count is done on a single day, so a cold snap can shift birds between estuaries.",
   "He recommends adding a second count in February."],
  [Q_F5, Q_F6])
g("fer-refuge", D, "What has been done to protect the Ferrow's birds?", "a 42-hectare refuge closed to the public",
  "A 42 ha refuge zone on the estuary was closed to the public in 2023.",
  ["A 42-hectare refuge zone was closed to the public in 2023."], [Q_F7])
g("fer-curlew", D, "How did curlew numbers change on the Ferrow?", "roughly stable at about 390",
  "Curlew numbers held roughly steady at around 390.",
  ["Curlew numbers were roughly stable at about 390."], [Q_F2])

b("arithmetic_error", "fer-dunlin", "arithmetic_error: 1,640/4,620 = 0.355, not 0.55",
  claim="Dunlin on the Ferrow fell by about 55.0%, from 4,620 in 2019 to 2,980 in 2024.",
  step={1: "(4,620 - 2,980) / 4,620 = 1,640 / 4,620 = 0.550"}, code=None)
b("code_mismatch", "fer-dunlin", "code_mismatch: code divides by the 2024 count and prints 55.0",
  code="print(round((4620 - 2980) / 2980 * 100, 1))")
b("swapped_entity", "fer-redshank", "swapped_entity: redshank's figures attributed to curlew",
  claim="Curlew increased from 610 to 845, a rise of 235 birds (about 38.5%).")
b("arithmetic_error", "fer-redshank", "arithmetic_error: 845 - 610 = 235, not 225",
  claim="Redshank increased from 610 to 845, a rise of 225 birds (about 36.9%).",
  step={1: "845 - 610 = 225, and 225 / 610 = 0.369."}, code=None)
b("contradiction", "fer-cause", "contradiction: 'disturbance rather than food shortage' reversed",
  claim="The club blames a lack of food rather than disturbance by dog walkers for the dunlin decline.",
  reasoning=["The report attributes the decline to food shortage rather than disturbance from dog walkers."])
b("broken_reasoning", "fer-cause", "broken_reasoning: non-sequitur about curlew; the source cites the worm survey",
  reasoning=["Curlew numbers were roughly stable at about 390.",
             "Because curlew did not decline, food cannot be the cause, so the club blames dog walkers."])
b("unsupported_generalisation", "fer-plover", "unsupported_generalisation: one mild year generalised to 'never in mild winters'",
  claim="Golden plover never visit the Ferrow Estuary in mild winters.")
b("altered_number", "fer-refuge", "altered_number: 42 ha changed to 24 ha",
  claim="A 24 ha refuge zone on the estuary was closed to the public in 2023.")
b("unsupported_generalisation", "fer-curlew", "unsupported_generalisation: dunlin fell and redshank rose, so not all species held steady",
  claim="All wader species on the Ferrow held roughly steady, with curlew at around 390.")
dup("fer-euan", "Euan Pettigrew recommends a February count in addition to January's, since one-day counts are vulnerable to cold snaps moving birds around.")
wa("fer-refuge", "fer-curlew")

# ---------------------------------------------------------------------------
# aldwick_council_budget (0.58 x 44, percentages)
D = "aldwick_council_budget"
Q_A1 = "Aldwick District Council approved a net budget of £38.6 million for 2025/26, 4.1% more than the previous year."
Q_A2 = "Council tax for a Band D home will rise by 2.99% to £1,874.32."
Q_A3 = "The budget needed the support of at least 58% of the council's 44 members and was approved by 27 votes to 15, with 2 abstentions."
Q_A4 = "Spending on adult social care will be £14.2 million, up from £12.9 million."
Q_A5 = "The council will draw £1.1 million from reserves, leaving them at £6.4 million."
Q_A6 = "Sunita confirmed that no library would close in 2025/26."
Q_A7 = "Leader Sunita Rawcliffe said the alternative would have been closing two of the district's five libraries."
Q_A8 = "Opposition leader Graham Tolley voted against, saying reserves were being run down."
g("ald-vote", D, "Did the Aldwick budget get enough votes?", "Yes, 27 against a threshold of 26",
  "Yes: 58% of 44 members is 25.52, so at least 26 votes were needed, and the budget got 27.",
  ["The budget needed at least 58% of the 44 members.",
   "0.58 × 44 = 25.52, which rounds up to 26 votes.",
   "It was approved by 27 votes to 15."],
  [Q_A3], "import math\nprint(round(0.58 * 44, 2), math.ceil(0.58 * 44))")
g("ald-prev-budget", D, "What was Aldwick's net budget the year before 2025/26?", "about £37.1 million",
  "A 4.1% rise to £38.6m implies a 2024/25 budget of about £37.1m.",
  ["The 2025/26 budget of £38.6 million is 4.1% more than the previous year.", "38.6 / 1.041 = 37.08"],
  [Q_A1], "print(round(38.6 / 1.041, 1))")
g("ald-bandd", D, "By how much will Band D council tax rise in pounds?", "about £54.42",
  "Band D council tax goes up 2.99% to £1,874.32, an increase of about £54.42 a year.",
  ["Band D rises by 2.99% to £1,874.32, so last year's bill was 1,874.32 / 1.0299 = £1,819.90.",
   "1,874.32 - 1,819.90 = 54.42"],
  [Q_A2], "print(round(1874.32 - 1874.32 / 1.0299, 2))")
g("ald-social-care", D, "How much will Aldwick spend on adult social care?", "£14.2 million",
  "Adult social care gets £14.2m, up £1.3m (about 10.1%) from £12.9m.",
  ["Spending on adult social care will be £14.2 million, up from £12.9 million.",
   "14.2 - 12.9 = 1.3, and 1.3 / 12.9 = 0.101."],
  [Q_A4], "print(round(14.2 - 12.9, 1), round((14.2 - 12.9) / 12.9 * 100, 1))")
g("ald-reserves", D, "What will happen to Aldwick's reserves?", "£1.1 million drawn, leaving £6.4 million",
  "Drawing £1.1m will leave Aldwick's reserves at £6.4m, down from about £7.5m.",
  ["The council will draw £1.1 million, leaving reserves at £6.4 million.", "6.4 + 1.1 = 7.5 before the draw."],
  [Q_A5], "print(round(6.4 + 1.1, 1))")
g("ald-libraries", D, "Will any Aldwick libraries close in 2025/26?", "No",
  "Sunita confirmed none of the district's five libraries will close in 2025/26.",
  ["Sunita Rawcliffe is the council leader; she said the alternative would have been closing two of the five libraries.",
   "She confirmed that no library would close in 2025/26."],
  [Q_A7, Q_A6])
g("ald-opposition", D, "Why did the opposition leader vote against the Aldwick budget?", "reserves were being run down",
  "Graham Tolley voted no, arguing that the council was running down its reserves.",
  ["Graham Tolley, the opposition leader, voted against, saying reserves were being run down."], [Q_A8])
g("ald-parking", D, "Will Aldwick's parking charges go up?", "No",
  "Aldwick's parking charges will stay the same in 2025/26.",
  ["The budget says parking charges will not increase."], ["Parking charges will not increase."])

b("arithmetic_error", "ald-vote", "arithmetic_error: 0.58 × 44 = 25.52, not 23.52",
  claim="Yes: 58% of 44 members is 23.52, so at least 24 votes were needed, and the budget got 27.",
  step={1: "0.58 × 44 = 23.52, which rounds up to 24 votes."}, code=None)
b("code_mismatch", "ald-vote", "code_mismatch: code uses 42 members and prints 24.36 25",
  code="import math\nprint(round(0.58 * 42, 2), math.ceil(0.58 * 42))")
b("arithmetic_error", "ald-prev-budget", "arithmetic_error: 38.6 / 1.041 = 37.1, not 36.1",
  claim="A 4.1% rise to £38.6m implies a 2024/25 budget of about £36.1m.", step={1: "38.6 / 1.041 = 36.08"}, code=None)
b("code_mismatch", "ald-prev-budget", "code_mismatch: code multiplies instead of dividing (prints 40.2)",
  code="print(round(38.6 * 1.041, 1))")
b("arithmetic_error", "ald-social-care", "arithmetic_error: 1.3 / 12.9 = 0.101, not 0.092",
  claim="Adult social care gets £14.2m, up £1.3m (about 9.2%) from £12.9m.",
  step={1: "14.2 - 12.9 = 1.3, and 1.3 / 12.9 = 0.092."}, code=None)
b("altered_number", "ald-reserves", "altered_number: reserves £6.4m changed to £4.6m",
  claim="Drawing £1.1m will leave Aldwick's reserves at £4.6m, down from about £5.7m.",
  reasoning=["The council will draw £1.1 million, leaving reserves at £4.6 million.", "4.6 + 1.1 = 5.7 before the draw."],
  code="print(round(4.6 + 1.1, 1))")
b("contradiction", "ald-libraries", "contradiction: no library will close; closing two was the rejected alternative",
  claim="Sunita confirmed two of the district's five libraries will close in 2025/26.",
  step={1: "She confirmed that two libraries would close in 2025/26."})
b("swapped_entity", "ald-opposition", "swapped_entity: the leader, Sunita Rawcliffe, put in place of the opposition leader",
  claim="Sunita Rawcliffe voted no, arguing that the council was running down its reserves.")
b("contradiction", "ald-parking", "contradiction: 'will not increase' becomes a rise",
  claim="Aldwick's parking charges will go up in 2025/26.", reasoning=["The budget says parking charges will increase."])
dup("ald-parking", "Parking charges in Aldwick are frozen for 2025/26.")
b("swapped_entity", "ald-libraries", "swapped_entity: the opposition leader given the leader's statement",
  claim="Graham Tolley confirmed none of the district's five libraries will close in 2025/26.")

# ---------------------------------------------------------------------------
# quillan_shipping_h1 (dollars, 0.31 million, knots rather than)
D = "quillan_shipping_h1"
Q_Q1 = "Quillan Shipping Lines carried 0.31 million containers (TEU) in the six months to 30 June 2024, versus 0.27 million a year earlier."
Q_Q2 = "Revenue for the half was $412 million and operating profit $38 million."
Q_Q3 = "Fuel made up 27% of costs, down from 33%, after the fleet moved to slower sailing speeds of 16 knots rather than 20 knots."
Q_Q4 = "The company took delivery of two new vessels, the Anwen Star and the Tegid Star, each able to carry 2,400 TEU."
Q_Q5 = "No vessels were sold during the half."
Q_Q6 = "Finance director Helena Voss said diversions around the Cape of Storms added 9 days to the Asia route."
Q_Q7 = "Helena expects full-year revenue of between $800 million and $850 million."
g("qui-teu", D, "How many containers did Quillan carry in the first half of 2024?", "310,000 TEU, up about 14.8 percent",
  "Quillan carried 310,000 TEU in the first half of 2024, about 14.8% more than the 270,000 a year earlier.",
  ["Quillan carried 0.31 million TEU, versus 0.27 million a year earlier.",
   "0.31 million is 310,000; (0.31 - 0.27) / 0.27 = 0.148."],
  [Q_Q1], "print(round((0.31 - 0.27) / 0.27 * 100, 1))")
g("qui-margin", D, "What was Quillan's first-half operating margin?", "about 9.2 percent",
  "Operating profit of $38m on revenue of $412m gives Quillan a margin of about 9.2%.",
  ["Revenue was $412 million and operating profit $38 million.", "38 / 412 = 0.092"],
  [Q_Q2], "print(round(38 / 412 * 100, 1))")
g("qui-fuel", D, "Why did fuel's share of Quillan's costs fall?", "the fleet slowed to 16 knots",
  "Fuel fell to 27% of Quillan's costs from 33% after its ships slowed to 16 knots rather than 20.",
  ["Fuel made up 27% of costs, down from 33%, after the fleet moved to slower speeds of 16 knots rather than 20 knots."],
  [Q_Q3])
g("qui-vessels", D, "How much capacity did Quillan's new vessels add?", "4,800 TEU",
  "The Anwen Star and Tegid Star add 4,800 TEU between them (2 × 2,400).",
  ["Each of the two new vessels can carry 2,400 TEU.", "2 × 2,400 = 4,800"],
  [Q_Q4], "print(f'{2 * 2400:,}')")
g("qui-h2", D, "What second-half revenue does Quillan's guidance imply?", "$388 million to $438 million",
  "Full-year guidance of $800m-$850m, after $412m in the first half, implies second-half revenue of $388m-$438m.",
  ["Helena Voss expects full-year revenue of $800 million to $850 million; the first half brought $412 million.",
   "800 - 412 = 388 and 850 - 412 = 438."],
  [Q_Q2, Q_Q7], "print(800 - 412, 850 - 412)")
g("qui-route", D, "How did diversions affect Quillan's Asia route?", "added 9 days",
  "Helena said diversions around the Cape of Storms made the Asia route 9 days longer.",
  ["Helena Voss, the finance director, said diversions around the Cape of Storms added 9 days to the Asia route."],
  [Q_Q6])
g("qui-sold", D, "Did Quillan sell any ships in the first half?", "No",
  "Quillan sold no ships in the half, so its fleet grew by the two new vessels.",
  ["No vessels were sold during the half.", "Two new vessels were delivered, so the fleet grew by two."],
  [Q_Q5, Q_Q4])

b("arithmetic_error", "qui-teu", "arithmetic_error: 0.04/0.27 = 0.148, not 0.129",
  claim="Quillan carried 310,000 TEU in the first half of 2024, about 12.9% more than the 270,000 a year earlier.",
  step={1: "0.31 million is 310,000; (0.31 - 0.27) / 0.27 = 0.129."}, code=None)
b("altered_number", "qui-teu", "altered_number: 270,000 changed to 250,000",
  claim="Quillan carried 310,000 TEU in the first half of 2024, about 14.8% more than the 250,000 a year earlier.")
b("code_mismatch", "qui-margin", "code_mismatch: code divides revenue by profit (prints 10.8)",
  code="print(round(412 / 38, 1))")
b("contradiction", "qui-fuel", "contradiction: '16 rather than 20 knots' reversed; the fleet slowed down",
  claim="Fuel fell to 27% of Quillan's costs from 33% after its ships sped up to 20 knots rather than 16.")
b("arithmetic_error", "qui-vessels", "arithmetic_error: 2 × 2,400 = 4,800, not 5,800",
  claim="The Anwen Star and Tegid Star add 5,800 TEU between them (2 × 2,400).", step={1: "2 × 2,400 = 5,800"}, code=None)
b("arithmetic_error", "qui-h2", "arithmetic_error: 800 - 412 = 388, not 398",
  claim="Full-year guidance of $800m-$850m, after $412m in the first half, implies second-half revenue of $398m-$448m.",
  step={1: "800 - 412 = 398 and 850 - 412 = 448."}, code=None)
b("code_mismatch", "qui-h2", "code_mismatch: code subtracts operating profit, not revenue (prints 762 812)",
  code="print(800 - 38, 850 - 38)")
b("altered_number", "qui-route", "altered_number: 9 days changed to 19",
  claim="Helena said diversions around the Cape of Storms made the Asia route 19 days longer.")
b("contradiction", "qui-sold", "contradiction: no vessels were sold",
  claim="Quillan sold two older ships in the half, so the two new vessels left its fleet the same size.",
  reasoning=["Two vessels were sold during the half.", "Two new vessels were delivered, so the fleet size was unchanged."])
wa("qui-route", "qui-fuel")

# ---------------------------------------------------------------------------
# wendle_bridge_history (history, 1998–2001, metres)
D = "wendle_bridge_history"
Q_W1 = "The first crossing, a timber bridge, was built in 1612 and washed away in the flood of 1794."
Q_W2 = "Its replacement, a three-arch stone bridge, was completed in 1801 at a cost of £4,200."
Q_W3 = "Between 1998–2001 the stone bridge was strengthened and widened from 5.4 metres to 7.2 metres, without removing any of the original arches."
Q_W4 = "The work cost £3.9 million and was paid for by the county council and a heritage grant of £1.15 million."
Q_W5 = "In 2019 a weight limit of 18 tonnes was imposed after inspectors found cracking in the central arch."
Q_W6 = "The bridge has never been closed to pedestrians since 1801."
g("wen-widen", D, "How much wider did the 1998-2001 work make the Wendle Bridge?", "1.8 metres",
  "The 1998-2001 work widened the Wendle Bridge by 1.8 m, from 5.4 m to 7.2 m - a third wider.",
  ["The bridge was widened from 5.4 metres to 7.2 metres.", "7.2 - 5.4 = 1.8, and 1.8 / 5.4 = one third."],
  [Q_W3], "print(round(7.2 - 5.4, 1))")
g("wen-council-share", D, "How much did the county council pay for the 1998-2001 strengthening?", "£2.75 million",
  "With £1.15m from a heritage grant, the county council's share of the £3.9m cost was £2.75m.",
  ["The work cost £3.9 million, paid for by the county council and a £1.15 million heritage grant.",
   "3.9 - 1.15 = 2.75"],
  [Q_W4], "print(round(3.9 - 1.15, 2))")
g("wen-arches", D, "Were the Wendle Bridge's original arches kept during widening?", "Yes",
  "The widening kept all of the original arches: none were removed.",
  ["The stone bridge was strengthened and widened without removing any of the original arches."], [Q_W3])
g("wen-timber", D, "How long did the first Wendle crossing stand?", "182 years",
  "The 1612 timber bridge stood for 182 years before the 1794 flood swept it away.",
  ["The timber bridge was built in 1612 and washed away in 1794.", "1794 - 1612 = 182"],
  [Q_W1], "print(1794 - 1612)")
g("wen-weight", D, "Why was a weight limit imposed on the Wendle Bridge?", "cracking in the central arch",
  "An 18-tonne weight limit has applied since 2019, when inspectors found cracks in the central arch.",
  ["In 2019 a weight limit of 18 tonnes was imposed after inspectors found cracking in the central arch."], [Q_W5])
g("wen-pedestrians", D, "Has the Wendle Bridge ever been closed to pedestrians?", "Not since 1801",
  "Pedestrians have been able to use the bridge continuously since 1801; it has never been shut to them.",
  ["The bridge has never been closed to pedestrians since 1801."], [Q_W6])
g("wen-stone", D, "When was the stone Wendle Bridge built and what did it cost?", "1801, £4,200",
  "The three-arch stone bridge was finished in 1801 for £4,200.",
  ["Its replacement, a three-arch stone bridge, was completed in 1801 at a cost of £4,200."], [Q_W2])

b("arithmetic_error", "wen-widen", "arithmetic_error: 7.2 - 5.4 = 1.8, not 2.8",
  claim="The 1998-2001 work widened the Wendle Bridge by 2.8 m, from 5.4 m to 7.2 m.",
  reasoning=["The bridge was widened from 5.4 metres to 7.2 metres.", "7.2 - 5.4 = 2.8"], code=None)
b("arithmetic_error", "wen-council-share", "arithmetic_error: 3.9 - 1.15 = 2.75, not 2.85",
  claim="With £1.15m from a heritage grant, the county council's share of the £3.9m cost was £2.85m.",
  step={1: "3.9 - 1.15 = 2.85"}, code=None)
b("code_mismatch", "wen-council-share", "code_mismatch: code adds the grant (prints 5.05)",
  code="print(round(3.9 + 1.15, 2))")
b("contradiction", "wen-arches", "contradiction: no arch was removed",
  claim="The central arch was taken down and rebuilt during the widening.",
  reasoning=["The stone bridge was strengthened and widened, and the central arch was removed."])
b("arithmetic_error", "wen-timber", "arithmetic_error: 1794 - 1612 = 182, not 172",
  claim="The 1612 timber bridge stood for 172 years before the 1794 flood swept it away.", step={1: "1794 - 1612 = 172"}, code=None)
b("altered_number", "wen-weight", "altered_number: 18 tonnes changed to 13",
  claim="A 13-tonne weight limit has applied since 2019, when inspectors found cracks in the central arch.")
b("unsupported_generalisation", "wen-weight", "unsupported_generalisation: cracking was found in the central arch only",
  claim="An 18-tonne weight limit has applied since 2019, when inspectors found cracks in all three arches.")
b("contradiction", "wen-pedestrians", "contradiction: the bridge has never been closed to pedestrians",
  claim="The bridge was closed to pedestrians while it was widened between 1998 and 2001.",
  reasoning=["The bridge was closed to pedestrians during the works."])
b("altered_number", "wen-stone", "altered_number: £4,200 changed to £2,400",
  claim="The three-arch stone bridge was finished in 1801 for £2,400.")
b("wrong_source", "wen-stone", "wrong_source: the 1801 sentence is from the Wendle Bridge history, cited as the Ilse Marrow biography",
  src="ilse_marrow")
dup("wen-timber", "The timber bridge at Fenbury, built in 1612, lasted 182 years until it was washed away in 1794.")

# ---------------------------------------------------------------------------
# tellan_water_meters (FAQ style)
D = "tellan_water_meters"
Q_T1 = "Every household in the Tellan Valley supply zone, about 18,400 homes, will have a meter fitted between March 2025 and December 2026."
Q_T2 = "Installation is free, and there is no standing charge for the meter itself."
Q_T3 = "The metered charge will be £2.14 per cubic metre."
Q_T4 = "The average unmetered bill is currently £412 a year."
Q_T5 = "About 142 cubic metres a year for a household of three."
Q_T6 = "Reservoir levels at Combe Ridge fell to 38.9 percent of capacity in September 2024, the lowest since 1976."
Q_T7 = "Not unless a survey finds that a meter cannot be fitted."
g("tel-typical-bill", D, "Would a typical household pay more or less with a water meter?", "less: about £303.88 versus £412",
  "A household of three using about 142 m³ would pay around £303.88 a year at £2.14/m³, roughly £108 less than the £412 average unmetered bill.",
  ["A household of three uses about 142 cubic metres a year and the metered charge is £2.14 per cubic metre.",
   "142 × 2.14 = 303.88, and 412 - 303.88 = 108.12."],
  [Q_T5, Q_T3, Q_T4], "print(round(142 * 2.14, 2), round(412 - 142 * 2.14))")
g("tel-breakeven", D, "At what usage would a metered bill equal the average unmetered bill?", "about 192.5 cubic metres",
  "At £2.14 per cubic metre, a metered bill reaches the £412 unmetered average at about 192.5 cubic metres a year.",
  ["The average unmetered bill is £412 and the metered charge £2.14 per cubic metre.", "412 / 2.14 = 192.5"],
  [Q_T3, Q_T4], "print(round(412 / 2.14, 1))")
g("tel-meter-cost", D, "Will households have to pay for the water meter?", "No",
  "Households won't pay to have the meter fitted, and there's no standing charge for it.",
  ["The answer to 'Will I have to pay for the meter?' is no: installation is free and there is no standing charge for the meter."],
  [Q_T2])
g("tel-who", D, "Which homes will get water meters, and when?", "about 18,400 homes, March 2025 to December 2026",
  "About 18,400 homes in the Tellan Valley supply zone will be metered between March 2025 and December 2026.",
  ["Every household in the supply zone, about 18,400 homes, will have a meter fitted between March 2025 and December 2026."],
  [Q_T1])
g("tel-why", D, "Why is the Tellan Valley meter scheme being introduced?", "low reservoir levels at Combe Ridge",
  "Because Combe Ridge reservoir dropped to 38.9% of capacity in September 2024, its lowest level since 1976.",
  ["The FAQ answers 'Why is this happening?' with the Combe Ridge reservoir falling to 38.9 percent of capacity in September 2024, the lowest since 1976."],
  [Q_T6])
g("tel-optout", D, "Can households opt out of the meter scheme?", "only if a meter cannot be fitted",
  "Households can only opt out if a survey shows a meter can't be fitted.",
  ["The answer to 'Can I opt out?' is: not unless a survey finds that a meter cannot be fitted."], [Q_T7])

b("arithmetic_error", "tel-typical-bill", "arithmetic_error: 142 × 2.14 = 303.88, not 293.88",
  claim="A household of three using about 142 m³ would pay around £293.88 a year at £2.14/m³, roughly £118 less than the £412 average unmetered bill.",
  step={1: "142 × 2.14 = 293.88, and 412 - 293.88 = 118.12."}, code=None)
b("code_mismatch", "tel-typical-bill", "code_mismatch: code uses £2.41 per cubic metre (prints 342.22 70)",
  code="print(round(142 * 2.41, 2), round(412 - 142 * 2.41))")
b("code_mismatch", "tel-breakeven", "code_mismatch: code multiplies (prints 881.7)",
  code="print(round(412 * 2.14, 1))")
b("contradiction", "tel-meter-cost", "contradiction: there is no standing charge for the meter",
  claim="Installation is free, but households will pay a standing charge for the meter.")
b("altered_number", "tel-who", "altered_number: 18,400 changed to 14,800",
  claim="About 14,800 homes in the Tellan Valley supply zone will be metered between March 2025 and December 2026.")
b("altered_number", "tel-why", "altered_number: 1976 changed to 1967",
  claim="Because Combe Ridge reservoir dropped to 38.9% of capacity in September 2024, its lowest level since 1967.")
b("contradiction", "tel-optout", "contradiction: opting out is only possible where a meter cannot be fitted",
  claim="Any household that does not want a meter can opt out on request.")
wa("tel-who", "tel-why")
wa("tel-optout", "tel-meter-cost")

# ---------------------------------------------------------------------------
# hesketh_allotments_minutes (meeting minutes; first names)
D = "hesketh_allotments_minutes"
Q_H0 = "Present: Joan Ferrier (chair), Vikram Sood (treasurer), Maeve Cotter, Alun Pryce."
Q_H1 = "Vikram reported a balance of £3,482 on 1 March, up from £2,967 a year earlier."
Q_H2 = "Plot rents raised £5,760 from 96 plots."
Q_H3 = "The committee agreed to install two more water troughs at a cost of £640, rather than a tap at each plot, which had been quoted at £4,300."
Q_H4 = "Maeve proposed splitting vacant full plots into half plots; this was not agreed."
Q_H5 = "Bonfires remain banned between April and September."
Q_H6 = "There are 23 people on the waiting list."
g("hes-rent", D, "How much rent does each Hesketh allotment plot pay?", "£60",
  "Plot rents of £5,760 from 96 plots work out at £60 per plot.",
  ["Plot rents raised £5,760 from 96 plots.", "5,760 / 96 = 60"], [Q_H2], "print(5760 // 96)")
g("hes-balance", D, "How did the Hesketh Allotment Society's balance change?", "up £515 to £3,482",
  "Vikram reported the balance up £515, about 17.4%, to £3,482.",
  ["Vikram Sood is the treasurer; he reported £3,482 on 1 March, up from £2,967 a year earlier.",
   "3,482 - 2,967 = 515, and 515 / 2,967 = 0.174."],
  [Q_H0, Q_H1], "print(3482 - 2967, round((3482 - 2967) / 2967 * 100, 1))")
g("hes-water", D, "What did the Hesketh committee decide about water supply?", "two more troughs for £640",
  "The committee chose two extra troughs for £640 over a tap at every plot (quoted at £4,300), saving £3,660.",
  ["The committee agreed two more troughs at £640 rather than a tap at each plot, quoted at £4,300.",
   "4,300 - 640 = 3,660"],
  [Q_H3], "print(f'{4300 - 640:,}')")
g("hes-half-plots", D, "What happened to the proposal to split plots?", "it was not agreed",
  "Maeve's idea of dividing vacant full plots into half plots was rejected.",
  ["Maeve Cotter proposed splitting vacant full plots into half plots, and this was not agreed."],
  [Q_H0, Q_H4])
g("hes-bonfires", D, "When are bonfires banned at the Hesketh allotments?", "April to September",
  "Bonfires are still banned from April through September.",
  ["The minutes say bonfires remain banned between April and September."], [Q_H5])
g("hes-waiting", D, "How many people are waiting for a Hesketh allotment?", "23",
  "Twenty-three people (23) are on the waiting list for a plot.",
  ["The minutes record 23 people on the waiting list."], [Q_H6])

b("arithmetic_error", "hes-rent", "arithmetic_error: 5,760 / 96 = 60, not 65",
  claim="Plot rents of £5,760 from 96 plots work out at £65 per plot.", step={1: "5,760 / 96 = 65"}, code=None)
b("code_mismatch", "hes-rent", "code_mismatch: code divides by 69 (prints 83.48)",
  code="print(round(5760 / 69, 2))")
b("swapped_entity", "hes-balance", "swapped_entity: the treasurer's report attributed to Joan, the chair",
  claim="Joan reported the balance up £515, about 17.4%, to £3,482.",
  step={0: "Joan Ferrier reported £3,482 on 1 March, up from £2,967 a year earlier."})
b("arithmetic_error", "hes-balance", "arithmetic_error: 3,482 - 2,967 = 515, not 615",
  claim="Vikram reported the balance up £615, about 20.7%, to £3,482.",
  step={1: "3,482 - 2,967 = 615, and 615 / 2,967 = 0.207."}, code=None)
b("contradiction", "hes-water", "contradiction: 'troughs rather than taps' reversed",
  claim="The committee chose a tap at every plot (quoted at £4,300) over two extra troughs for £640.",
  reasoning=["The committee agreed a tap at each plot rather than two more troughs."], code=None)
b("code_mismatch", "hes-water", "code_mismatch: code adds the two quotes (prints 4,940)",
  code="print(f'{4300 + 640:,}')")
b("contradiction", "hes-half-plots", "contradiction: the proposal was not agreed",
  claim="Maeve's idea of dividing vacant full plots into half plots was approved.")
b("swapped_entity", "hes-half-plots", "swapped_entity: the proposal attributed to Joan instead of Maeve",
  claim="Joan's idea of dividing vacant full plots into half plots was rejected.",
  reasoning=["Joan Ferrier proposed splitting vacant full plots into half plots, and this was not agreed."])
b("unsupported_generalisation", "hes-bonfires", "unsupported_generalisation: banned April-September becomes banned all year",
  claim="Bonfires are banned all year round at the Hesketh allotments.")
b("altered_number", "hes-waiting", "altered_number: 23 changed to 32",
  claim="Thirty-two people (32) are on the waiting list for a plot.")
b("wrong_source", "hes-waiting", "wrong_source: the waiting-list sentence is from the Hesketh minutes, cited as the Corrigan Bay housing survey",
  src="corrigan_bay_housing")

# ---------------------------------------------------------------------------
# corley_fen_warming (science, °C, €, rather than)
D = "corley_fen_warming"
Q_C1 = "Scientists from the Ulvercombe Institute heated plots of peat at Corley Fen by 2.5 °C above the surrounding temperature for five years, from 2018 to 2023."
Q_C2 = "Heated plots released 31% more carbon dioxide than unheated plots in the first year, but only 9% more by the fifth year."
Q_C3 = "The team, led by Dr Saoirse Landry, found no change in methane emissions."
Q_C4 = "Saoirse argues that the decline reflects the using-up of easily decomposed carbon rather than microbes adapting to warmth."
Q_C5 = "Each of the 24 plots measured 2 m by 2 m."
Q_C6 = "The experiment cost €640,000."
Q_C7 = "A follow-up study will warm plots by 4 °C."
g("cor-co2", D, "How did the extra CO2 from heated plots change over the Corley Fen experiment?", "31% more in year one, 9% more by year five",
  "Heated plots gave off 31% more CO2 than unheated ones in the first year, but only 9% more by the fifth.",
  ["Heated plots released 31% more carbon dioxide in the first year but only 9% more by the fifth year."], [Q_C2])
g("cor-cause", D, "How does Saoirse Landry explain the shrinking CO2 effect?", "easily decomposed carbon being used up",
  "Saoirse attributes the decline to easily decomposed carbon being used up, not to microbes adjusting to warmth.",
  ["Dr Saoirse Landry led the team.",
   "She argues the decline reflects the using-up of easily decomposed carbon rather than microbes adapting to warmth."],
  [Q_C3, Q_C4])
g("cor-methane", D, "Did warming change methane emissions at Corley Fen?", "No",
  "The warming made no difference to methane emissions.",
  ["The team found no change in methane emissions."], [Q_C3])
g("cor-area", D, "What total area of peat was studied at Corley Fen?", "96 square metres",
  "The 24 plots, each 2 m × 2 m, covered 96 square metres in total.",
  ["There were 24 plots of 2 m by 2 m, i.e. 4 square metres each.", "24 × 4 = 96"],
  [Q_C5], "print(24 * 2 * 2)")
g("cor-cost", D, "What did the Corley Fen experiment cost per plot per year?", "about €5,333",
  "€640,000 over five years and 24 plots is about €5,333 per plot per year.",
  ["The experiment cost €640,000, ran for five years and used 24 plots.", "640,000 / 24 / 5 = 5,333"],
  [Q_C1, Q_C5, Q_C6], "print(f'{round(640000 / 24 / 5):,}')")
g("cor-design", D, "By how much were the Corley Fen plots warmed?", "2.5 °C",
  "Plots were heated 2.5°C above the surrounding temperature from 2018 to 2023, and a follow-up will use 4°C.",
  ["The plots were heated by 2.5 °C above the surrounding temperature for five years, from 2018 to 2023.",
   "A follow-up study will warm plots by 4 °C."],
  [Q_C1, Q_C7])

b("swapped_entity", "cor-co2", "swapped_entity: the first-year and fifth-year figures swapped",
  claim="Heated plots gave off 9% more CO2 than unheated ones in the first year, rising to 31% more by the fifth.")
b("unsupported_generalisation", "cor-co2", "unsupported_generalisation: one site's first-year figure stated as a universal law",
  claim="Warming peat always makes it release about 31% more carbon dioxide.")
b("contradiction", "cor-cause", "contradiction: 'X rather than Y' reversed",
  claim="Saoirse attributes the decline to microbes adjusting to warmth, not to easily decomposed carbon being used up.",
  step={1: "She argues the decline reflects microbes adapting to warmth rather than the using-up of easily decomposed carbon."})
b("contradiction", "cor-methane", "contradiction: there was no change in methane",
  claim="The warming raised methane emissions as well as carbon dioxide.",
  reasoning=["The team found that methane emissions rose."])
b("arithmetic_error", "cor-area", "arithmetic_error: 24 × 4 = 96, not 48",
  claim="The 24 plots, each 2 m × 2 m, covered 48 square metres in total.", step={1: "24 × 4 = 48"}, code=None)
b("code_mismatch", "cor-cost", "code_mismatch: code leaves out the five years (prints 26,667)",
  code="print(f'{round(640000 / 24):,}')")
b("altered_number", "cor-design", "altered_number: 2.5 °C changed to 3.5 °C",
  claim="Plots were heated 3.5°C above the surrounding temperature from 2018 to 2023, and a follow-up will use 4°C.")
b("wrong_source", "cor-methane", "wrong_source: the methane sentence is from the Corley Fen report, cited as the Wenmoor harvest report",
  src="wenmoor_harvest_trials")

# ---------------------------------------------------------------------------
# nortfield_k2_launch (press release; mm / millimetres, g, °C)
D = "nortfield_k2_launch"
Q_N1 = "The K2 measures distances up to 1.8 km with an accuracy of ±3 millimetres, compared with ±5 mm for the earlier K1."
Q_N2 = "It weighs 410 g, 15% less than the K1, and runs for 22 hours on a single charge."
Q_N3 = "Unlike the K1, the K2 does not need a separate Bluetooth adapter."
Q_N4 = "The K2 is rated to operate between -20 °C and 55 °C."
Q_N5 = "Product manager Tomasz Reiter said the company had sold 0.12 million K1 units since 2016."
Q_N6 = "Tomasz confirmed that the K1 will be discontinued in June."
g("nor-k1-weight", D, "How heavy was the Kestrel K1?", "about 482 g",
  "If the 410 g K2 is 15% lighter than the K1, the K1 weighed about 482 g.",
  ["The K2 weighs 410 g, 15% less than the K1, so 410 g is 85% of the K1's weight.", "410 / 0.85 = 482.4"],
  [Q_N2], "print(round(410 / 0.85))")
g("nor-accuracy", D, "How much more accurate is the K2 than the K1?", "±3 mm versus ±5 mm",
  "The K2 is accurate to ±3 mm versus ±5 millimetres for the K1, a 40% tighter tolerance.",
  ["The K2's accuracy is ±3 millimetres, compared with ±5 mm for the K1.", "(5 - 3) / 5 = 0.4"],
  [Q_N1], "print(round((5 - 3) / 5 * 100))")
g("nor-bluetooth", D, "Does the K2 need a Bluetooth adapter?", "No",
  "Unlike the K1, the K2 works without a separate Bluetooth adapter.",
  ["The release says that, unlike the K1, the K2 does not need a separate Bluetooth adapter."], [Q_N3])
g("nor-temp", D, "Over what temperature range can the K2 operate?", "-20 °C to 55 °C",
  "The K2 is rated from −20°C to 55°C, a span of 75 degrees.",
  ["The K2 is rated to operate between -20 °C and 55 °C.", "55 - (-20) = 75"], [Q_N4], "print(55 - (-20))")
g("nor-k1-sales", D, "How many K1 units has Nortfield sold?", "0.12 million since 2016",
  "Tomasz said Nortfield has sold about 120,000 K1s since 2016.",
  ["Tomasz Reiter, the product manager, said the company had sold 0.12 million K1 units since 2016.",
   "0.12 million is 120,000."], [Q_N5])
g("nor-spec", D, "What are the K2's range and battery life?", "1.8 km, 22 hours",
  "The K2 can measure up to 1.8 kilometres and lasts 22 hours per charge.",
  ["The K2 measures distances up to 1.8 km.", "It runs for 22 hours on a single charge."], [Q_N1, Q_N2])
g("nor-discontinued", D, "What will happen to the K1?", "discontinued in June",
  "Tomasz confirmed the K1 will be withdrawn in June.",
  ["Tomasz Reiter is the product manager; he confirmed that the K1 will be discontinued in June."], [Q_N5, Q_N6])

b("arithmetic_error", "nor-k1-weight", "arithmetic_error: 410 / 0.85 = 482, not 492",
  claim="If the 410 g K2 is 15% lighter than the K1, the K1 weighed about 492 g.", step={1: "410 / 0.85 = 492.4"}, code=None)
b("code_mismatch", "nor-k1-weight", "code_mismatch: code adds 15% to the K2 weight (prints 472)",
  code="print(round(410 * 1.15))")
b("swapped_entity", "nor-accuracy", "swapped_entity: the K1 and K2 accuracy figures swapped",
  claim="The K1 is accurate to ±3 mm versus ±5 millimetres for the K2.",
  reasoning=["The K1's accuracy is ±3 millimetres, compared with ±5 mm for the K2."], code=None)
b("contradiction", "nor-bluetooth", "contradiction: the K2 does not need the adapter",
  claim="Like the K1, the K2 needs a separate Bluetooth adapter.")
b("arithmetic_error", "nor-temp", "arithmetic_error: 55 - (-20) = 75, not 35",
  claim="The K2 is rated from −20°C to 55°C, a span of 35 degrees.", step={1: "55 - (-20) = 35"}, code=None)
b("altered_number", "nor-k1-sales", "altered_number: 120,000 changed to 210,000",
  claim="Tomasz said Nortfield has sold about 210,000 K1s since 2016.", step={1: "0.12 million is 210,000."})
b("altered_number", "nor-spec", "altered_number: 22 hours changed to 32",
  claim="The K2 can measure up to 1.8 kilometres and lasts 32 hours per charge.")
b("contradiction", "nor-discontinued", "contradiction: the K1 is being discontinued",
  claim="Tomasz confirmed the K1 will stay on sale alongside the K2.")
b("fabricated_quote", "nor-discontinued", "fabricated_quote: a sentence that is not in the release",
  quotes=[Q_N5, "Tomasz confirmed that K1 production will stop at the end of June."])
wa("nor-temp", "nor-spec")

# ---------------------------------------------------------------------------
# ardlow_museum_report (pence, £k, negations)
D = "ardlow_museum_report"
Q_M1 = "Ardlow Museum welcomed 184,300 visitors in 2023, its highest total since it reopened in 2015 after refurbishment."
Q_M2 = "Of these, 41,200 were school pupils on organised visits."
Q_M3 = "Admission remains free, but donations averaged 74p per visitor."
Q_M4 = "The temporary exhibition on the Ardlow lace trade, which ran from 3 March to 30 September, drew 62,500 visitors."
Q_M5 = "The museum's café took £216,000, versus £188,000 in 2022."
Q_M6 = "The museum employs 38 staff and relies on 120 volunteers."
Q_M7 = "Director Fenella Oakes said the roof repair, costing £0.85 million, would be completed without closing any galleries."
Q_M8 = "Fenella also said that the museum had never charged for entry and would not start now."
g("ard-donations", D, "How much did Ardlow Museum raise in donations in 2023?", "about £136,382",
  "At 74p a head across 184,300 visitors, donations came to about £136,382.",
  ["There were 184,300 visitors and donations averaged 74p per visitor.", "184,300 × 0.74 = 136,382"],
  [Q_M1, Q_M3], "print(f'{round(184300 * 0.74):,}')")
g("ard-school", D, "What share of Ardlow Museum's visitors were school pupils?", "about 22.4 percent",
  "School pupils made up about 22.4% of Ardlow's visitors (41,200 of 184,300).",
  ["41,200 of the 184,300 visitors were school pupils on organised visits.", "41,200 / 184,300 = 0.224"],
  [Q_M1, Q_M2], "print(round(41200 / 184300 * 100, 1))")
g("ard-cafe", D, "How did the Ardlow Museum café do in 2023?", "£216,000, up from £188,000",
  "The café's takings rose to £216k from £188k, up about 14.9%.",
  ["The café took £216,000, versus £188,000 in 2022.", "28,000 / 188,000 = 0.149"],
  [Q_M5], "print(round((216 - 188) / 188 * 100, 1))")
g("ard-free", D, "Will Ardlow Museum start charging for entry?", "No",
  "Fenella said the museum has never charged admission and won't begin now.",
  ["Fenella Oakes is the director.", "She said the museum had never charged for entry and would not start now."],
  [Q_M7, Q_M8])
g("ard-roof", D, "Will any galleries close during the Ardlow roof repair?", "No",
  "The £850,000 roof repair will go ahead without any galleries closing, Fenella said.",
  ["Fenella Oakes, the director, said the £0.85 million roof repair would be completed without closing any galleries.",
   "£0.85 million is £850,000."],
  [Q_M7])
g("ard-lace", D, "How many people saw the Ardlow lace exhibition?", "62,500",
  "The lace trade exhibition (3 March-30 September) drew 62,500 visitors, about a third (33.9%) of the year's total.",
  ["The exhibition drew 62,500 visitors; the museum had 184,300 in the year.", "62,500 / 184,300 = 0.339, about a third."],
  [Q_M1, Q_M4], "print(round(62500 / 184300 * 100, 1))")
g("ard-staff", D, "How do volunteers compare with paid staff at Ardlow Museum?", "120 volunteers, 38 staff",
  "Ardlow's 120 volunteers outnumber its 38 staff by more than three to one (3.16 to 1).",
  ["The museum employs 38 staff and relies on 120 volunteers.", "120 / 38 = 3.16"],
  [Q_M6], "print(round(120 / 38, 2))")

b("arithmetic_error", "ard-donations", "arithmetic_error: 184,300 × 0.74 = 136,382, not 163,382",
  claim="At 74p a head across 184,300 visitors, donations came to about £163,382.",
  step={1: "184,300 × 0.74 = 163,382"}, code=None)
b("code_mismatch", "ard-donations", "code_mismatch: code uses the school pupils only (prints 30,488)",
  code="print(f'{round(41200 * 0.74):,}')")
b("arithmetic_error", "ard-school", "arithmetic_error: 41,200 / 184,300 = 0.224, not 0.284",
  claim="School pupils made up about 28.4% of Ardlow's visitors (41,200 of 184,300).",
  step={1: "41,200 / 184,300 = 0.284"}, code=None)
b("contradiction", "ard-cafe", "contradiction: takings rose, they did not fall",
  claim="The café's takings fell to £188k from £216k.",
  reasoning=["The café took £188,000 in 2023, versus £216,000 in 2022."], code=None)
b("contradiction", "ard-free", "contradiction: the museum has never charged and will not start",
  claim="Fenella said the museum will start charging for admission.")
b("altered_number", "ard-roof", "altered_number: £850,000 changed to £580,000",
  claim="The £580,000 roof repair will go ahead without any galleries closing, Fenella said.",
  step={1: "£0.85 million is £580,000."})
b("broken_reasoning", "ard-roof", "broken_reasoning: non-sequitur - free admission has nothing to do with galleries staying open",
  reasoning=["Admission to the museum remains free.",
             "Because admission is free, the museum cannot close galleries, so the roof repair will be done with all galleries open."],
  quotes=[Q_M3, Q_M7])
b("unsupported_generalisation", "ard-lace", "unsupported_generalisation: a third of visitors becomes every visitor",
  claim="Every visitor to Ardlow Museum in 2023 saw the lace trade exhibition.")
b("swapped_entity", "ard-staff", "swapped_entity: staff and volunteer numbers swapped",
  claim="Ardlow's 120 staff outnumber its 38 volunteers by more than three to one (3.16 to 1).")
b("wrong_source", "ard-free", "wrong_source: the Fenella quotes are from the Ardlow report, cited as the Tellan water meter FAQ",
  src="tellan_water_meters")

# ---------------------------------------------------------------------------
# ravensworth_waiting_times (health)
D = "ravensworth_waiting_times"
Q_R1 = "The median wait for a first outpatient appointment at Ravensworth Health Trust was 11.4 weeks in the quarter to December 2024, down from 13.8 weeks a year earlier."
Q_R2 = "In total 9,870 patients had waited longer than 18 weeks, versus 12,450 in December 2023."
Q_R3 = "The emergency department saw 38,900 attendances; 71.3% were admitted, transferred or discharged within four hours, against a national target of 78%."
Q_R4 = "No patient waited more than 104 weeks for planned treatment."
Q_R5 = "The trust opened a day-surgery unit at Cobble Lane in September, with 14 beds."
Q_R6 = "Medical director Dr Ayodele Marsh said staff sickness had fallen to 4.9% from 5.6%."
Q_R7 = "Ayodele said the four-hour figure was not good enough."
g("rav-backlog", D, "How much did Ravensworth's 18-week backlog fall?", "by 2,580, about 20.7 percent",
  "Patients waiting over 18 weeks fell by 2,580, about 20.7%, to 9,870.",
  ["9,870 patients had waited longer than 18 weeks, versus 12,450 in December 2023.",
   "12,450 - 9,870 = 2,580, and 2,580 / 12,450 = 0.207."],
  [Q_R2], "print(f'{12450 - 9870:,}', round((12450 - 9870) / 12450 * 100, 1))")
g("rav-4hr", D, "How many emergency patients were dealt with within four hours?", "about 27,736",
  "About 27,736 of 38,900 A&E attendances (71.3%) were dealt with within four hours, short of the 78% target.",
  ["There were 38,900 attendances and 71.3% were admitted, transferred or discharged within four hours.",
   "0.713 × 38,900 = 27,736"],
  [Q_R3], "print(f'{round(0.713 * 38900):,}')")
g("rav-median", D, "How did the median outpatient wait change at Ravensworth?", "down 2.4 weeks to 11.4",
  "The median wait for a first outpatient appointment fell 2.4 weeks, to 11.4 weeks from 13.8.",
  ["The median wait was 11.4 weeks, down from 13.8 weeks a year earlier.", "13.8 - 11.4 = 2.4"],
  [Q_R1], "print(round(13.8 - 11.4, 1))")
g("rav-sickness", D, "What happened to staff sickness at Ravensworth?", "fell to 4.9% from 5.6%",
  "Ayodele said staff sickness absence dropped from 5.6% to 4.9%.",
  ["Dr Ayodele Marsh, the medical director, said staff sickness had fallen to 4.9% from 5.6%."], [Q_R6])
g("rav-104", D, "Did anyone wait more than two years for planned treatment at Ravensworth?", "No",
  "No patient waited longer than 104 weeks - two years - for planned treatment.",
  ["The trust says no patient waited more than 104 weeks for planned treatment.", "104 weeks is two years."],
  [Q_R4])
g("rav-day-surgery", D, "What new facility did Ravensworth open?", "a 14-bed day-surgery unit",
  "A 14-bed day-surgery unit opened at Cobble Lane in September.",
  ["The trust opened a day-surgery unit at Cobble Lane in September, with 14 beds."], [Q_R5])
g("rav-target-gap", D, "How far short of the four-hour target was Ravensworth?", "6.7 percentage points",
  "At 71.3%, the trust was 6.7 points below the 78% four-hour target, a figure Ayodele said was not good enough.",
  ["71.3% were seen within four hours against a 78% target.", "78 - 71.3 = 6.7",
   "Ayodele Marsh said the four-hour figure was not good enough."],
  [Q_R3, Q_R6, Q_R7], "print(round(78 - 71.3, 1))")

b("arithmetic_error", "rav-backlog", "arithmetic_error: 2,580 / 12,450 = 0.207, not 0.261",
  claim="Patients waiting over 18 weeks fell by 2,580, about 26.1%, to 9,870.",
  step={1: "12,450 - 9,870 = 2,580, and 2,580 / 12,450 = 0.261."}, code=None)
b("code_mismatch", "rav-backlog", "code_mismatch: code divides by 9,870 (prints 2,580 26.1)",
  code="print(f'{12450 - 9870:,}', round((12450 - 9870) / 9870 * 100, 1))")
b("arithmetic_error", "rav-4hr", "arithmetic_error: 0.713 × 38,900 = 27,736, not 30,342",
  claim="About 30,342 of 38,900 A&E attendances (71.3%) were dealt with within four hours, short of the 78% target.",
  step={1: "0.713 × 38,900 = 30,342"}, code=None)
b("contradiction", "rav-sickness", "contradiction: sickness fell, it did not rise",
  claim="Ayodele said staff sickness absence rose from 4.9% to 5.6%.")
b("broken_reasoning", "rav-104", "broken_reasoning: 104 weeks is two years, not 18 months",
  step={1: "104 weeks is about 18 months, which is two years."})
b("altered_number", "rav-day-surgery", "altered_number: 14 beds changed to 41",
  claim="A 41-bed day-surgery unit opened at Cobble Lane in September.")
b("contradiction", "rav-target-gap", "contradiction: Ayodele said the figure was not good enough",
  claim="At 71.3%, the trust was 6.7 points below the 78% four-hour target, a figure Ayodele called acceptable.",
  step={2: "Ayodele Marsh said the four-hour figure was acceptable."})
b("unsupported_generalisation", "rav-104", "unsupported_generalisation: the 104-week statement covers planned treatment only, not every kind of care",
  claim="No Ravensworth patient waited longer than 104 weeks for any kind of care, not just planned treatment.")
dup("rav-median", "Ravensworth's median wait for a first outpatient appointment is now 11.4 weeks, 2.4 weeks shorter than a year ago.")
wa("rav-day-surgery", "rav-sickness")

# ---------------------------------------------------------------------------
# wenmoor_harvest_trials (t/ha, tonnes per hectare, kg N/ha)
D = "wenmoor_harvest_trials"
Q_H1W = "Winter wheat at the Wenmoor trial site yielded 8.6 tonnes per hectare in 2024, against 9.3 t/ha in 2023 and a five-year average of 8.9 t/ha."
Q_H2W = "Spring barley did better, yielding 6.1 t/ha vs 5.7 t/ha in 2023."
Q_H3W = "Oilseed rape was not grown because of flea beetle damage in 2023."
Q_H4W = "The trial compared two nitrogen rates on wheat: plots receiving 180 kg N/ha yielded 8.9 t/ha, versus 8.3 t/ha for plots receiving 140 kg N/ha."
Q_H5W = "Trial manager Gethin Arkwright said the extra nitrogen paid for itself only at wheat prices above £165 per tonne."
Q_H6W = "Gethin noted that no fungicide was applied to the barley."
g("wnm-wheat", D, "How did Wenmoor's wheat yield compare with 2023?", "down 0.7 t/ha, about 7.5 percent",
  "Wheat yielded 8.6 t/ha, down 0.7 t/ha (about 7.5%) on 2023's 9.3 t/ha.",
  ["Winter wheat yielded 8.6 tonnes per hectare in 2024 against 9.3 t/ha in 2023.",
   "9.3 - 8.6 = 0.7, and 0.7 / 9.3 = 0.075."],
  [Q_H1W], "print(round(9.3 - 8.6, 1), round((9.3 - 8.6) / 9.3 * 100, 1))")
g("wnm-barley", D, "How did spring barley perform at Wenmoor in 2024?", "6.1 t/ha, up from 5.7",
  "Barley rose to 6.1 tonnes per hectare from 5.7, about 7% higher.",
  ["Spring barley yielded 6.1 t/ha versus 5.7 t/ha.", "(6.1 - 5.7) / 5.7 = 0.070"],
  [Q_H2W], "print(round((6.1 - 5.7) / 5.7 * 100))")
g("wnm-nitrogen", D, "What was the wheat yield response to extra nitrogen?", "0.6 t/ha for 40 kg N/ha",
  "The extra 40 kg N/ha raised wheat yield by 0.6 t/ha, about 15 kg of grain per kg of nitrogen.",
  ["Plots with 180 kg N/ha yielded 8.9 t/ha, versus 8.3 t/ha with 140 kg N/ha.",
   "180 - 140 = 40 kg N and 8.9 - 8.3 = 0.6 t = 600 kg.", "600 / 40 = 15"],
  [Q_H4W], "print(180 - 140, round(8.9 - 8.3, 1), round((8.9 - 8.3) * 1000 / 40))")
g("wnm-average", D, "Was Wenmoor's 2024 wheat yield above the five-year average?", "No, 0.3 t/ha below",
  "No: 8.6 t/ha was 0.3 t/ha below the five-year average of 8.9 t/ha.",
  ["Wheat yielded 8.6 t/ha against a five-year average of 8.9 t/ha.", "8.9 - 8.6 = 0.3"],
  [Q_H1W], "print(round(8.9 - 8.6, 1))")
g("wnm-osr", D, "Why was no oilseed rape grown at Wenmoor?", "flea beetle damage in 2023",
  "Oilseed rape was left out in 2024 after flea beetle damage the year before.",
  ["Oilseed rape was not grown because of flea beetle damage in 2023."], [Q_H3W])
g("wnm-gethin", D, "When does the extra nitrogen pay for itself?", "wheat above £165 per tonne",
  "Gethin said the extra nitrogen only paid for itself when wheat sold for more than £165 a tonne.",
  ["Gethin Arkwright, the trial manager, said the extra nitrogen paid for itself only at wheat prices above £165 per tonne."],
  [Q_H5W])
g("wnm-fungicide", D, "Was fungicide used on the Wenmoor barley?", "No",
  "Gethin noted the barley got no fungicide.",
  ["Gethin Arkwright is the trial manager.", "He noted that no fungicide was applied to the barley."],
  [Q_H5W, Q_H6W])

b("arithmetic_error", "wnm-wheat", "arithmetic_error: 0.7 / 9.3 = 0.075, not 0.081",
  claim="Wheat yielded 8.6 t/ha, down 0.7 t/ha (about 8.1%) on 2023's 9.3 t/ha.",
  step={1: "9.3 - 8.6 = 0.7, and 0.7 / 9.3 = 0.081."}, code=None)
b("contradiction", "wnm-barley", "contradiction: barley yields rose",
  claim="Barley fell to 5.7 tonnes per hectare from 6.1.",
  reasoning=["Spring barley yielded 5.7 t/ha versus 6.1 t/ha."], code=None)
b("broken_reasoning", "wnm-barley", "broken_reasoning: no fungicide was applied to the barley; the step is false",
  step={2: "The barley was sprayed with fungicide, which is why it did better."})
b("code_mismatch", "wnm-nitrogen", "code_mismatch: code divides by 180 kg instead of the extra 40 (prints 40 0.6 3)",
  code="print(180 - 140, round(8.9 - 8.3, 1), round((8.9 - 8.3) * 1000 / 180))")
b("swapped_entity", "wnm-nitrogen", "swapped_entity: the two nitrogen rates' yields swapped",
  claim="Plots receiving 140 kg N/ha yielded 8.9 t/ha, versus 8.3 t/ha with 180 kg N/ha.",
  reasoning=["Plots with 140 kg N/ha yielded 8.9 t/ha, versus 8.3 t/ha with 180 kg N/ha."], code=None)
b("contradiction", "wnm-average", "contradiction: the yield was below the average, not above",
  claim="Yes: 8.6 t/ha was 0.3 t/ha above the five-year average of 8.9 t/ha.")
b("altered_number", "wnm-gethin", "altered_number: £165 changed to £156",
  claim="Gethin said the extra nitrogen only paid for itself when wheat sold for more than £156 a tonne.")
b("unsupported_generalisation", "wnm-gethin", "unsupported_generalisation: 'only above £165' becomes 'always'",
  claim="Gethin said the extra nitrogen always pays for itself, whatever the wheat price.")
b("contradiction", "wnm-fungicide", "contradiction: no fungicide was applied",
  claim="Gethin noted the barley was treated with fungicide.")
wa("wnm-osr", "wnm-barley")

# ---------------------------------------------------------------------------
# corrigan_bay_housing (survey; 38.9%)
D = "corrigan_bay_housing"
Q_CB1 = "The survey received replies from 1,286 of the 3,300 households contacted, a response rate of 39%."
Q_CB2 = "Of respondents, 38.9% rented privately, 44.6% owned their home and 16.5% rented from the council or a housing association."
Q_CB3 = "Median private rent was £845 a month, versus £690 in 2019."
Q_CB4 = "Almost one in five private renters (19%) said their home had damp or mould."
Q_CB5 = "No respondent in council housing reported paying more than £600 a month."
Q_CB6 = "The survey was run by Ingrid Solvang of Corrigan Bay University."
Q_CB7 = "Ingrid said younger households were under-represented, so the private rented share is probably an underestimate."
g("cb-renters", D, "About how many survey respondents rented privately?", "about 500",
  "About 500 of the 1,286 respondents (38.9%) were private renters.",
  ["1,286 households replied and 38.9% of respondents rented privately.", "0.389 x 1,286 = 500"],
  [Q_CB1, Q_CB2], "print(round(0.389 * 1286))")
g("cb-rent", D, "How much has median private rent in Corrigan Bay risen since 2019?", "£155 a month, about 22.5 percent",
  "Median private rent rose £155 a month, about 22.5%, from £690 in 2019 to £845.",
  ["Median private rent was £845 a month, versus £690 in 2019.", "845 - 690 = 155, and 155 / 690 = 0.225."],
  [Q_CB3], "print(845 - 690, round((845 - 690) / 690 * 100, 1))")
g("cb-response", D, "What was the Corrigan Bay survey's response rate?", "39 percent",
  "1,286 of the 3,300 households contacted replied, a response rate of about 39%.",
  ["1,286 of 3,300 households replied.", "1,286 / 3,300 = 0.39"], [Q_CB1], "print(round(1286 / 3300 * 100))")
g("cb-damp", D, "How many private renters reported damp or mould?", "19 percent",
  "Nearly a fifth (19%) of private renters said their home had damp or mould.",
  ["Almost one in five private renters, 19%, said their home had damp or mould."], [Q_CB4])
g("cb-ingrid", D, "Is the survey's private rented share likely to be accurate?", "probably an underestimate",
  "Ingrid thinks the private rented share is probably too low, because younger households were under-represented.",
  ["Ingrid Solvang of Corrigan Bay University ran the survey.",
   "She said younger households were under-represented, so the private rented share is probably an underestimate."],
  [Q_CB6, Q_CB7])
g("cb-tenure", D, "What was the tenure mix of Corrigan Bay survey respondents?", "44.6% owners, 38.9% private renters, 16.5% social renters",
  "Owners were the largest group at 44.6%, ahead of private renters at 38.9% and social renters at 16.5%.",
  ["44.6% owned their home, 38.9% rented privately and 16.5% rented from the council or a housing association."],
  [Q_CB2])
g("cb-council-rent", D, "Did any council-housing respondents pay more than £600 a month?", "No",
  "None of the respondents living in council housing said they paid over £600 a month.",
  ["The survey says no respondent in council housing reported paying more than £600 a month."], [Q_CB5])

b("arithmetic_error", "cb-renters", "arithmetic_error: 0.389 × 1,286 = 500, not 550",
  claim="About 550 of the 1,286 respondents (38.9%) were private renters.", step={1: "0.389 x 1,286 = 550"}, code=None)
b("swapped_entity", "cb-renters", "swapped_entity: the 38.9% is the private renters, not owners",
  claim="About 500 of the 1,286 respondents (38.9%) owned their home.",
  step={0: "1,286 households replied and 38.9% of respondents owned their home."})
b("code_mismatch", "cb-rent", "code_mismatch: code divides by the new rent (prints 155 18.3)",
  code="print(845 - 690, round((845 - 690) / 845 * 100, 1))")
b("arithmetic_error", "cb-rent", "arithmetic_error: 845 - 690 = 155, not 165",
  claim="Median private rent rose £165 a month, about 23.9%, from £690 in 2019 to £845.",
  step={1: "845 - 690 = 165, and 165 / 690 = 0.239."}, code=None)
b("altered_number", "cb-response", "altered_number: 1,286 changed to 1,826",
  claim="1,826 of the 3,300 households contacted replied, a response rate of about 39%.")
b("unsupported_generalisation", "cb-damp", "unsupported_generalisation: 19% of private renters becomes 19% of all households",
  claim="Nearly a fifth (19%) of all Corrigan Bay households live with damp or mould.")
b("contradiction", "cb-ingrid", "contradiction: an underestimate, not an overestimate",
  claim="Ingrid thinks the private rented share is probably too high, because younger households were under-represented.",
  step={1: "She said younger households were under-represented, so the private rented share is probably an overestimate."})
b("swapped_entity", "cb-tenure", "swapped_entity: owners' and private renters' shares swapped",
  claim="Private renters were the largest group at 44.6%, ahead of owners at 38.9% and social renters at 16.5%.")
b("unsupported_generalisation", "cb-council-rent", "unsupported_generalisation: respondents in council housing become every social tenant in the town",
  claim="No social-housing tenant anywhere in Corrigan Bay pays more than £600 a month.")
dup("cb-tenure", "Home-owners made up 44.6% of respondents, private renters 38.9% and social tenants 16.5%.")
wa("cb-damp", "cb-response")


# ---------------------------------------------------------------------------
# wrong_source and fabricated_quote rows spread over the remaining good rows
WS = [
    ("tarrow-equity", "calder_power_annual"),
    ("calder-saltmere", "quillan_shipping_h1"),
    ("len-speed", "orlebar_bypass"),
    ("pel-gust", "calder_power_annual"),
    ("glen-ranking", "corrigan_bay_housing"),
    ("dun-funding", "corley_fen_warming"),
    ("fer-plover", "pellan_moor_summer"),
    ("ald-opposition", "hesketh_allotments_minutes"),
    ("qui-route", "tarrow_foods_results"),
    ("tel-why", "pellan_moor_summer"),
    ("rav-sickness", "dunmere_hip_trial"),
    ("wnm-osr", "marrisfield_dairy_coop"),
]
for frm, other in WS:
    b("wrong_source", frm, f"wrong_source: the quote is real but comes from {BY_ID[frm]['_doc']}, not {other}", src=other)

FQ = [
    ("tarrow-exports-share", 0, "Exports accounted for £7.2 million of revenue, up from £5.7 million.",
     "prior-year export figure altered (5.1 -> 5.7)"),
    ("calder-no-gas", 0, "The company ordered no new gas plants and has no plans to build any.",
     "sentence invented; the document only says no new gas capacity was ordered during the year"),
    ("mar-butter", 0, "Butter sales rose by 12 percent, while yoghurt sales were unchanged.",
     "quote paraphrased, not copied"),
    ("len-busiest", 0, "Castle Square was the busiest stop with 2.14 million boardings, ahead of Riverside Interchange with 1.87 million.",
     "wording altered ('followed by' -> 'ahead of')"),
    ("pel-temp-range", 0, "The highest temperature, 29.4 °C, was measured on 11 July; the lowest, 4.6 °C, on 2 June.",
     "number altered in the quote (4.8 -> 4.6)"),
    ("glen-exclusions", 1, "Collins said no pupil at Quarry Hill had been excluded in the exam year.",
     "quote reworded"),
    ("dun-deaths", 0, "No patient in either group died within 90 days.",
     "30 days altered to 90 days in the quote"),
    ("ilse-career", 0, "She studied physics at Caldermoor University and then worked for the Estuary Survey Board for 31 years.",
     "two clauses merged and shortened; not verbatim"),
    ("orl-demolition", 0, "County engineer Priya Haldane said the road had been built without demolishing a single home.",
     "quote invented in other words"),
    ("bra-playoff", 0, "Brackwater were knocked out of the play-off semi-final by Selwick, losing 2-1 after extra time.",
     "quote paraphrased"),
    ("fer-refuge", 0, "A 42-hectare refuge zone was closed to the public in 2022.",
     "year altered in the quote (2023 -> 2022)"),
    ("ald-libraries", 1, "Sunita confirmed that none of the five libraries would close in 2025/26.",
     "quote altered ('no library' -> 'none of the five libraries')"),
    ("qui-vessels", 0, "The company took delivery of two new vessels, each able to carry 2,400 TEU.",
     "ship names dropped; the sentence is not verbatim"),
    ("wen-arches", 0, "The bridge was widened between 1998 and 2001, and all of the original arches were kept.",
     "invented sentence"),
    ("tel-meter-cost", 0, "No. The meter is installed free of charge and there is no standing charge.",
     "FAQ answer reworded"),
    ("cor-area", 0, "Each of the 24 plots measured 2 metres by 2 metres.",
     "units spelled out in the quote (m -> metres); not verbatim"),
    ("ard-cafe", 0, "The museum's café took £216,000 in 2023, versus £188,000 in 2022.",
     "'in 2023' inserted into the quote"),
    ("cb-rent", 0, "Median private rent was £845 a month in 2024, up from £690 in 2019.",
     "quote reworded"),
]
for frm, idx, fake, why in FQ:
    base = BY_ID[frm]
    quotes = [(e["source_id"], e["quote"]) for e in base["insight"]["evidence"]]
    quotes[idx] = (quotes[idx][0], fake)
    b("fabricated_quote", frm, "fabricated_quote: " + why, quotes=quotes)

# extra wrong_answer and duplicate rows
wa("calder-price-fall", "calder-capex-ratio")
wa("mar-vats-age", "mar-loan")
wa("len-frequency", "len-speed")
wa("glen-national-gap", "glen-ranking")
wa("hes-bonfires", "hes-waiting")
wa("cor-methane", "cor-co2")
wa("ard-school", "ard-lace")
dup("mar-loan", "The Venn Regional Fund is lending the cooperative €900,000 to replace the Oldbury cheese vats.")
dup("len-total", "Boardings across the five Lenholm stops reached 5.99m in 2023 against 5.49m in 2022, a rise of roughly 9.1 percent.")
dup("bra-feeney-share", "Dominic Feeney got roughly one in three of Brackwater's 68 league goals.")
dup("qui-margin", "Quillan's operating margin in the half was roughly 9.2 percent ($38m on $412m).")
dup("tel-typical-bill", "On a meter, a typical three-person home would pay about £304 a year, some £108 below the average unmetered bill.")
dup("hes-water", "Two new troughs costing £640 were chosen instead of £4,300 worth of taps at every plot.")
dup("cor-cause", "Saoirse Landry puts the fading CO2 response down to the depletion of easily decomposed carbon, not microbial acclimatisation.")
dup("nor-bluetooth", "The Kestrel K2, unlike its predecessor, has no need for a separate Bluetooth adapter.")
dup("ard-donations", "Donations at Ardlow averaged 74p per visitor, about £136,000 across the year's 184,300 visitors.")
dup("wnm-nitrogen", "Raising nitrogen from 140 to 180 kg N/ha added 0.6 t/ha of wheat - roughly 15 kg grain per extra kg of N.")


# extra broken_reasoning rows: the claim is right, one step is false or does not follow
b("broken_reasoning", "calder-storm-design", "broken_reasoning: Tobias is the chief engineer, not the chief executive",
  step={0: "Tobias Wrenfield is Calder's chief executive."})
b("broken_reasoning", "qui-fuel", "broken_reasoning: the step gives a false cause; the source ties the fall to slower sailing",
  reasoning=["Fuel made up 27% of costs, down from 33%.",
             "The share fell because two new vessels, the Anwen Star and the Tegid Star, were delivered.",
             "The fleet sails at 16 knots rather than 20 knots."])
b("broken_reasoning", "cb-ingrid", "broken_reasoning: it was younger, not older, households that were under-represented",
  step={1: "She said older households were under-represented, so the private rented share is probably an underestimate."})
b("broken_reasoning", "tel-breakeven", "broken_reasoning: added step draws the wrong conclusion - 142 m3 is below 192.5, so the household pays less",
  step={2: "So a household of three, using about 142 cubic metres, would pay more on a meter than without one."})
b("broken_reasoning", "wen-council-share", "broken_reasoning: £1.15m of £3.9m is less than a third, so the grant did not cover most of the cost",
  step={1: "3.9 - 1.15 = 2.75, so the heritage grant covered most of the cost."})
b("broken_reasoning", "len-castle-share", "broken_reasoning: non-sequitur - the college is by Tanners Row and nothing explains Castle Square's lead",
  step={2: "Castle Square is the busiest stop because it was moved closer to the college."})
b("broken_reasoning", "rav-backlog", "broken_reasoning: unsupported causal step - nothing links the backlog fall to the day-surgery unit",
  step={2: "The fall happened because the 14-bed day-surgery unit opened in September."})

# ---------------------------------------------------------------------------
# Hand-picked claims about the SAME document, accepted earlier in the run, that state a
# different fact (hard negatives for the duplicate check): row -> earlier good row.
SAME_DOC_ACCEPTED = {
    "tarrow-equity": "tarrow-q1", "tarrow-staff": "tarrow-dividend",
    "calder-saltmere": "calder-price-fall", "calder-no-gas": "calder-outage",
    "mar-butter": "mar-loan", "mar-membership": "mar-dutch-share",
    "len-speed": "len-busiest", "len-frequency": "len-millane",
    "pel-gust": "pel-august", "pel-frost": "pel-gauge",
    "glen-exclusions": "glen-national-gap", "dun-deaths": "dun-stay", "dun-funding": "dun-falls",
    "ilse-notebooks": "ilse-gauge", "ilse-education": "ilse-tavy",
    "orl-cycle": "orl-overrun", "orl-build": "orl-traffic", "bra-finance": "bra-playoff",
    "fer-refuge": "fer-redshank", "ald-parking": "ald-social-care", "qui-route": "qui-margin",
    "wen-stone": "wen-weight", "tel-optout": "tel-who", "hes-waiting": "hes-water",
    "cor-methane": "cor-area", "nor-spec": "nor-bluetooth", "ard-free": "ard-staff",
    "rav-day-surgery": "rav-median", "wnm-osr": "wnm-wheat", "cb-damp": "cb-rent",
}


def assemble():
    # accepted for good rows: claims of up to 3 preceding good rows about other documents,
    # plus, for the rows in SAME_DOC_ACCEPTED, one claim about the same document
    n = len(GOOD)
    # multi-document seeds: every fifth good row's seed also lists an unrelated document that
    # the insight does not cite (so "two seed sources" is no sign of a wrong_source row)
    for i, row in enumerate(GOOD):
        if i % 5 == 2:
            k = 7
            while GOOD[(i + k) % n]["_doc"] == row["_doc"]:
                k += 1
            other = GOOD[(i + k) % n]["_doc"]
            if other not in row["seed"]["sources"]:
                row["seed"]["sources"].append(other)
    for i, row in enumerate(GOOD):
        want = i % 4
        acc = []
        j = i - 1
        while len(acc) < want and j > i - n:
            other = GOOD[j % n]
            if other["_doc"] != row["_doc"]:
                acc.append(other["insight"]["claim"])
            j -= 1
        if row["id"] in SAME_DOC_ACCEPTED:
            other = BY_ID[SAME_DOC_ACCEPTED[row["id"]]]
            assert other["_doc"] == row["_doc"] and other["label"] == "good"
            acc.insert(len(acc) // 2, other["insight"]["claim"])
        row["accepted"] = acc
    for row in BAD:
        base = BY_ID[row["derived_from"]]
        srcs = row["seed"]["sources"]
        row["seed"]["sources"] = list(base["seed"]["sources"]) + [x for x in srcs if x not in base["seed"]["sources"]]
        acc = list(base["accepted"])
        if "_accepted_add" in row:
            if not acc:
                # take two unrelated claims so the duplicate is not the only accepted claim
                acc = [g_["insight"]["claim"] for g_ in GOOD if g_["_doc"] != base["_doc"]][:2]
            acc.insert(len(acc) // 2 + 1 if acc else 0, row["_accepted_add"])
        row["accepted"] = acc
    rows = []
    for row in GOOD + BAD:
        out = {k: v for k, v in row.items() if not k.startswith("_")}
        rows.append(out)
    return rows


if __name__ == "__main__":
    rows = assemble()
    with open(HERE / "labeled.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"wrote {len(rows)} rows to {HERE / 'labeled.jsonl'}")
