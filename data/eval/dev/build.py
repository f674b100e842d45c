"""Build data/eval/dev/labeled.jsonl: a development set for the validators, written by hand over corpus/*.md.

    python3 data/eval/dev/build.py          # rewrites labeled.jsonl; same inputs, same bytes

This is the part validators may be tuned on (with data/eval/labeled.jsonl); data/eval/heldout/ is the test part
and is never used for tuning. Rows cover the fault classes of issue 19: percentages ('214 / 550 = 38.9 percent'),
scale words and currencies (£2.71m, 0.31 million, €0.14bn), unit spellings (mm / millimetres, °C / degrees
Celsius, km/h), operators (x, ×), ranges (1991-2020), first names found elsewhere in the document, negation
by other words (no / without / not / rather than), paraphrased reference answers, figures swapped between
entities in one sentence, false scope words in reasoning steps, reversed mechanisms, 'X rather than Y'
reversed, and paraphrased duplicates. Every row is written out here; `accepted` adds three claims of other
documents drawn with a fixed seed to what a row lists itself. Nothing here imports assay.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
OUT = HERE / "labeled.jsonl"
DOCS = {p.stem: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.md"))}

STAGE = {"fabricated_quote": "grounding", "wrong_source": "grounding", "altered_number": "numeric",
         "swapped_entity": "numeric", "unsupported_generalisation": "numeric", "contradiction": "support",
         "arithmetic_error": "execution", "code_mismatch": "execution", "wrong_answer": "execution",
         "broken_reasoning": "numeric", "duplicate": "novelty"}
GOOD: dict[str, dict] = {}
ROWS: list[dict] = []
KEEP = object()


def _evidence(doc: str, quotes) -> list[dict]:
    return [{"quote": q, "source_id": doc} if isinstance(q, str) else {"quote": q[1], "source_id": q[0]} for q in quotes]


def good(id, doc, question, ref, claim, quotes, reasoning, code=None, sources=(), accepted=()):
    row = {"id": id, "label": "good", "kind": "good", "expected_stage": None, "derived_from": None,
           "note": "hand-written good record",
           "seed": {"id": id, "question": question, "reference_answer": ref, "sources": [doc, *sources]},
           "insight": {"claim": claim, "confidence": 0.9, "evidence": _evidence(doc, quotes),
                       "reasoning": list(reasoning), "verification_code": code},
           "accepted": list(accepted)}
    GOOD[id] = row
    ROWS.append(row)


def bad(base, kind, note, *, claim=KEEP, quotes=KEEP, reasoning=KEEP, code=KEEP, ref=KEEP, question=KEEP,
        accepted=(), stage=None, suffix=""):
    g = GOOD[base]
    doc = g["seed"]["sources"][0]
    ins = json.loads(json.dumps(g["insight"]))
    seed = dict(g["seed"], id=f"{base}/{kind}{suffix}")
    if claim is not KEEP:
        ins["claim"] = claim
    if quotes is not KEEP:
        ins["evidence"] = _evidence(doc, quotes)
    if reasoning is not KEEP:
        ins["reasoning"] = list(reasoning)
    if code is not KEEP:
        ins["verification_code"] = code
    if ref is not KEEP:
        seed["reference_answer"] = ref
    if question is not KEEP:
        seed["question"] = question
    for e in ins["evidence"]:  # a seed lists every document its evidence cites
        if e["source_id"] not in seed["sources"]:
            seed["sources"] = [*seed["sources"], e["source_id"]]
    ROWS.append({"id": f"{base}--{kind}{suffix}", "label": "bad", "kind": kind, "expected_stage": stage or STAGE[kind],
                 "derived_from": base, "note": note, "seed": seed, "insight": ins, "accepted": list(accepted)})


# --- harwick_results ----------------------------------------------------------------------------------------------
D = "harwick_results"
good("hw-revenue", D, "What revenue did Harwick Ports report for 2023?", "£412.6 million",
     "Harwick Ports' revenue was £412.6m in 2023, up from £388.2m in 2022.",
     ["Harwick Ports plc reported revenue of £412.6 million for 2023, compared with £388.2 million in 2022."],
     ["The results say revenue was £412.6 million for 2023, compared with £388.2 million in 2022.",
      "£412.6 million is £412.6m, and it is more than the 2022 figure."])
good("hw-revenue-growth", D, "By what percentage did Harwick Ports' revenue grow in 2023?", "about 6.3 percent",
     "Harwick Ports' revenue grew by about 6.3% in 2023.",
     ["Harwick Ports plc reported revenue of £412.6 million for 2023, compared with £388.2 million in 2022."],
     ["Revenue was £412.6 million in 2023 and £388.2 million in 2022.", "(412.6 - 388.2) / 388.2 = 0.0629",
      "0.0629 is about 6.3 percent."], code="print(round((412.6 - 388.2) / 388.2 * 100, 1))",
     accepted=["Harwick Ports' revenue was £412.6m in 2023, up from £388.2m in 2022."])
good("hw-cargo", D, "How much cargo did Harwick Ports handle in 2023?", "18.6 million tonnes",
     "The group handled 18.6m tonnes of cargo in 2023 vs 17.1m tonnes in 2022.",
     ["The group handled 18.6 million tonnes of cargo, versus 17.1 million tonnes in 2022."],
     ["Step 1: the cargo figure is 18.6 million tonnes, versus 17.1 million tonnes in 2022.",
      "Step 2: the question is about 2023, the year of the results."],
     accepted=["The Kelby terminal handled 7.9 million tonnes and the Ashcombe terminal 10.7 million tonnes."])
good("hw-quay", D, "How much will Harwick Ports invest in the new quay, and when?", "€140 million, between 2024 and 2026",
     "Priya Raman said Harwick would invest €0.14bn in a new deep-water quay at Kelby over 2024-2026.",
     ["Raman also said the group would invest €0.14bn in a new deep-water quay at Kelby between 2024 and 2026."],
     ["The chief executive, Raman, gave the plan for the quay.", "The investment is €0.14bn, spread over 2024 to 2026."])
good("hw-dividend", D, "What dividend will Harwick Ports pay per share?", "12.4p",
     "Tomasz Wilk said the dividend would rise 8% to 12.4p a share.",
     ["Wilk said the dividend would rise by 8 percent to 12.4p per share."],
     ["The finance director, Wilk, gave the dividend.", "It rises by 8 percent to 12.4p per share."])
good("hw-charges", D, "Did Harwick Ports raise its port charges in 2023?", "No",
     "Harwick Ports' growth in 2023 came with no increase in port charges, according to Priya Raman.",
     ["Chief executive Priya Raman said the growth came without any increase in port charges."],
     ["The chief executive says growth came without any increase in port charges.",
      "So the charges were not raised."])
good("hw-debt", D, "What was Harwick Ports' net debt at the end of 2023?", "£96 million",
     "Harwick Ports' net debt fell to £96m, its lowest since 2015.",
     ["The finance director, Tomasz Wilk, reported that net debt fell to £96m, its lowest level since 2015."],
     ["Tomasz Wilk reported net debt of £96m.", "That is the lowest level since 2015."])
good("hw-terminals", D, "How much cargo did the Kelby and Ashcombe terminals handle?",
     "Kelby 7.9 million tonnes, Ashcombe 10.7 million tonnes",
     "Kelby handled 7.9 million tonnes and Ashcombe 10.7 million tonnes.",
     ["The Kelby terminal handled 7.9 million tonnes and the Ashcombe terminal 10.7 million tonnes."],
     ["The results give each terminal's tonnage.", "7.9 + 10.7 = 18.6, the group total, so the figures agree."],
     accepted=["The group handled 18.6m tonnes of cargo in 2023 vs 17.1m tonnes in 2022."])
good("hw-staff", D, "By how many did Harwick Ports' staff numbers grow in 2023?", "72",
     "Harwick Ports added 72 staff in 2023, growing from 1,140 to 1,212.",
     ["Staff numbers grew from 1,140 to 1,212 over the year."],
     ["Staff numbers grew from 1,140 to 1,212.", "1,212 - 1,140 = 72"], code="print(1212 - 1140)")

bad("hw-revenue", "fabricated_quote", "revenue figure changed in the quote and the claim",
    claim="Harwick Ports' revenue was £421.6m in 2023, up from £388.2m in 2022.",
    quotes=["Harwick Ports plc reported revenue of £421.6 million for 2023, compared with £388.2 million in 2022."])
bad("hw-debt", "wrong_source", "the debt quote attributed to the wind farm document",
    quotes=[("cairnmor_wind", "The finance director, Tomasz Wilk, reported that net debt fell to £96m, its lowest level since 2015.")])
bad("hw-cargo", "altered_number", "claim says 18.9m tonnes where the source says 18.6 million",
    claim="The group handled 18.9m tonnes of cargo in 2023 vs 17.1m tonnes in 2022.")
bad("hw-terminals", "swapped_entity", "the two terminals' tonnages swapped within one sentence",
    claim="Kelby handled 10.7 million tonnes and Ashcombe 7.9 million tonnes.")
bad("hw-dividend", "swapped_entity", "the dividend attributed to the chief executive, not the finance director",
    claim="Priya Raman said the dividend would rise 8% to 12.4p a share.")
bad("hw-revenue-growth", "arithmetic_error", "24.4 / 388.2 written as 0.0729",
    claim="Harwick Ports' revenue grew by about 7.3% in 2023.",
    reasoning=["Revenue was £412.6 million in 2023 and £388.2 million in 2022.", "(412.6 - 388.2) / 388.2 = 0.0729",
               "0.0729 is about 7.3 percent."], code=None)
bad("hw-staff", "code_mismatch", "the code subtracts the wrong starting figure", code="print(1212 - 1104)")
bad("hw-quay", "wrong_answer", "a true claim about the dividend, not the quay",
    claim="Wilk said the dividend would rise by 8 percent to 12.4p per share.",
    quotes=["Wilk said the dividend would rise by 8 percent to 12.4p per share."],
    reasoning=["The finance director, Wilk, gave the dividend.", "It rises by 8 percent to 12.4p per share."])
bad("hw-charges", "contradiction", "the claim turns 'without any increase' into growth from an increase",
    claim="Priya Raman said Harwick Ports' growth in 2023 came from an increase in port charges.")
bad("hw-cargo", "unsupported_generalisation", "'more than in any year' is not in the source",
    claim="Harwick Ports handled more cargo in 2023 than in any year since 2015.",
    quotes=["The group handled 18.6 million tonnes of cargo, versus 17.1 million tonnes in 2022.",
            "The finance director, Tomasz Wilk, reported that net debt fell to £96m, its lowest level since 2015."])
bad("hw-revenue", "duplicate", "paraphrase of a claim accepted earlier in the run",
    claim="In 2023 Harwick Ports reported revenue of £412.6 million, against £388.2 million the year before.",
    accepted=["Harwick Ports' revenue was £412.6m in 2023, up from £388.2m in 2022."])
bad("hw-debt", "broken_reasoning", "a step claims debt fell every year, which no source says",
    reasoning=["Tomasz Wilk reported net debt of £96m.", "Net debt has fallen every year since 2015.",
               "So it is the lowest level since 2015."])

# --- northmoor_weather --------------------------------------------------------------------------------------------
D = "northmoor_weather"
good("nm-rain", D, "How much rain fell at Northgate and Southport in 2023?",
     "1,142 millimetres at Northgate and 864 millimetres at Southport",
     "In 2023 Northgate had 1,142 millimetres of rain and Southport 864 millimetres.",
     ["Northgate recorded 1,142 mm of rain in 2023 and Southport 864 mm."],
     ["The summary gives both stations' rainfall in mm.", "Northgate: 1,142 mm; Southport: 864 mm."],
     accepted=["The long-term average rainfall at Northgate for 1991-2020 is 1,018 mm."])
good("nm-above-average", D, "How did Northgate's 2023 rainfall compare with its long-term average?",
     "about 12 percent above its 1991-2020 average",
     "Northgate's 2023 rainfall was about 12% above its 1991-2020 average of 1,018 mm.",
     ["Northgate recorded 1,142 mm of rain in 2023 and Southport 864 mm.",
      "The long-term average at Northgate for 1991-2020 is 1,018 mm."],
     ["Northgate recorded 1,142 mm in 2023; its 1991-2020 average is 1,018 mm.", "(1,142 - 1,018) / 1,018 = 0.122",
      "So 2023 was about 12 percent above the average."], code="print(round((1142 - 1018) / 1018 * 100))",
     accepted=["In 2023 Northgate had 1,142 millimetres of rain and Southport 864 millimetres."])
good("nm-warmest", D, "What was the highest temperature recorded in Northmoor in 2023?", "31.2 degrees Celsius, at Southport",
     "The warmest day of 2023 reached 31.2 degrees Celsius at Southport, on 12 July.",
     ["The warmest day was 31.2 °C at Southport on 12 July, while Northgate peaked at 28.7 °C."],
     ["Southport's 31.2 °C on 12 July was the warmest day.", "Northgate's peak, 28.7 °C, was lower."])
good("nm-snow", D, "On how many days did snow fall at Northgate and at Southport?", "9 days at Northgate and 3 at Southport",
     "Snow fell on nine days at Northgate vs three at Southport.",
     ["Snow fell on 9 days at Northgate versus 3 days at Southport."],
     ["The summary says: snow fell on 9 days at Northgate versus 3 days at Southport."])
good("nm-reservoir", D, "Why was the Hollin reservoir low in September 2023?", "because the summer was dry",
     "The Hollin reservoir fell to 61% of capacity in September, instead of the usual 74%, because the summer was dry.",
     ["Because the summer was dry, the Hollin reservoir fell to 61 percent of capacity in September rather than the usual 74 percent."],
     ["The dry summer is given as the reason.", "The level was 61 percent, where 74 percent is usual."])
good("nm-dry-spell", D, "How long did Southport go without rain in August?", "23 days in a row",
     "Southport went 23 days in a row without measurable rain in August.",
     ["Southport had no measurable rain for 23 consecutive days in August."],
     ["Southport had no measurable rain for 23 consecutive days, which is 23 days in a row."])
good("nm-cold", D, "What was the coldest night in Northmoor in 2023?", "minus 9.4 °C, at Northgate",
     "The coldest night of 2023 was at Northgate, where it fell to −9.4 °C on 17 January.",
     ["The coldest night was -9.4 °C at Northgate on 17 January."],
     ["The summary gives the coldest night: -9.4 °C at Northgate on 17 January."])

bad("nm-rain", "swapped_entity", "the two stations' rainfall swapped within one sentence",
    claim="In 2023 Northgate had 864 millimetres of rain and Southport 1,142 millimetres.")
bad("nm-warmest", "swapped_entity", "the warmest day moved to Northgate, named in the same quote with 28.7 °C",
    claim="The warmest day of 2023 reached 31.2 degrees Celsius at Northgate, on 12 July.", suffix="-2")
bad("nm-warmest", "altered_number", "31.2 became 31.7",
    claim="The warmest day of 2023 reached 31.7 degrees Celsius at Southport, on 12 July.")
bad("nm-above-average", "arithmetic_error", "124 / 1,018 written as 0.142",
    claim="Northgate's 2023 rainfall was about 14% above its 1991-2020 average of 1,018 mm.",
    reasoning=["Northgate recorded 1,142 mm in 2023; its 1991-2020 average is 1,018 mm.", "(1,142 - 1,018) / 1,018 = 0.142",
               "So 2023 was about 14 percent above the average."], code=None)
bad("nm-above-average", "code_mismatch", "the code prints the ratio as a percentage, 112, not the 12 claimed",
    code="print(round(1142 / 1018 * 100))")
bad("nm-reservoir", "contradiction", "'61 rather than the usual 74' reversed",
    claim="The Hollin reservoir fell to 74% of capacity in September, instead of the usual 61%, because the summer was dry.",
    stage="numeric")
bad("nm-reservoir", "contradiction", "the mechanism reversed: the low reservoir made the summer dry",
    claim="The summer was dry because the Hollin reservoir fell to 61 percent of capacity in September.",
    stage="numeric", suffix="-2")
bad("nm-dry-spell", "fabricated_quote", "23 days became 32 in the quote and the claim",
    claim="Southport went 32 days in a row without measurable rain in August.",
    quotes=["Southport had no measurable rain for 32 consecutive days in August."])
bad("nm-snow", "wrong_source", "the snow quote attributed to the football document",
    quotes=[("harlow_rovers", "Snow fell on 9 days at Northgate versus 3 days at Southport.")])
bad("nm-cold", "unsupported_generalisation", "'the lowest ever recorded there' is not in the source",
    claim="The coldest night of 2023 was at Northgate, −9.4 °C on 17 January, the lowest temperature ever recorded there.")
bad("nm-rain", "duplicate", "paraphrase of a claim accepted earlier in the run",
    claim="Rainfall in 2023 totalled 1,142 mm at Northgate and 864 mm at Southport.",
    accepted=["In 2023 Northgate had 1,142 millimetres of rain and Southport 864 millimetres."])
bad("nm-warmest", "broken_reasoning", "a step says Southport was warmer on every day of July",
    reasoning=["Southport's 31.2 °C on 12 July was the warmest day.", "Southport was warmer than Northgate on every day of July.",
               "So the warmest day was at Southport."])
bad("nm-warmest", "wrong_answer", "a true claim about the coldest night, not the warmest day",
    claim="The coldest night of 2023 was -9.4 °C at Northgate on 17 January.",
    quotes=["The coldest night was -9.4 °C at Northgate on 17 January."],
    reasoning=["The summary gives the coldest night: -9.4 °C at Northgate on 17 January."])

# --- cairnmor_wind ------------------------------------------------------------------------------------------------
D = "cairnmor_wind"
good("cw-capacity", D, "What is the capacity of the Cairnmor wind farm?", "44 megawatts",
     "Cairnmor's 11 turbines of 4 MW give it a capacity of 44 megawatts.",
     ["The Cairnmor wind farm has 11 turbines of 4 MW each, a total capacity of 44 MW."],
     ["There are 11 turbines of 4 MW each.", "11 x 4 MW = 44 MW"], code="print(11 * 4)")
good("cw-average-output", D, "What was Cairnmor's average power output in 2022?", "about 25.5 MW",
     "In 2022 the Cairnmor wind farm produced about 25.5 MW on average.",
     ["The Cairnmor wind farm has 11 turbines of 4 MW each, a total capacity of 44 MW.",
      "In 2022, its first full year, it generated 223.5 GWh, a capacity factor of 0.58."],
     ["The capacity factor was 0.58 and the capacity is 44 MW.", "0.58 x 44 = 25.52",
      "So the average output was about 25.5 MW."], code="print(round(0.58 * 44, 1))")
good("cw-generation", D, "How much electricity did Cairnmor generate in 2022?", "223.5 gigawatt hours",
     "Cairnmor generated 223.5 GWh in 2022, its first full year.",
     ["In 2022, its first full year, it generated 223.5 GWh, a capacity factor of 0.58."],
     ["The document gives 2022 generation as 223.5 GWh."])
good("cw-cable", D, "Why did the Cairnmor wind farm cost more than planned?",
     "the operator chose an underground cable instead of an overhead line, adding £4.2 million",
     "Choosing an underground cable instead of an overhead line added £4.2 million to Cairnmor's cost.",
     ["The operator chose an underground cable rather than an overhead line, which added £4.2m to the cost."],
     ["The operator chose an underground cable rather than an overhead line.", "That choice added £4.2m to the cost."])
good("cw-cutout", D, "When is Cairnmor's output cut?", "when the wind exceeds 90 km/h",
     "Cairnmor's output is cut when wind speed goes above 90 kilometres per hour, to protect the gearboxes.",
     ["Output is cut when wind speed exceeds 90 km/h, because the blades are turned out of the wind to protect the gearboxes."],
     ["Output is cut above 90 km/h.", "The blades are turned out of the wind to protect the gearboxes."])
good("cw-blade-height", D, "How tall are the Cairnmor turbines?", "142 m to the tip",
     "Each Cairnmor turbine stands 142 m tall to the blade tip, with blades 68 metres long.",
     ["The turbines stand 142 metres tall to the blade tip, and each blade is 68 m long."],
     ["The turbines are 142 metres to the tip; each blade is 68 m."])
good("cw-fund", D, "How many households can the Cairnmor community fund pay each year?", "about 2,667",
     "The £0.4m community fund covers about 2,667 households at £150 a year each.",
     ["Local households receive £150 a year each from a community fund of £0.4m."],
     ["The fund is £0.4m and each household gets £150 a year.", "£0.4m / £150 = 2,667"], code="print(round(400000 / 150))")
good("cw-doig", D, "What did the site manager say about turbine outages?",
     "no turbine was out of service for more than a week",
     "Ewan Doig said none of the turbines had been out of action for over a week.",
     ["The site manager, Ewan Doig, said that no turbine had been out of service for more than a week."],
     ["The site manager is Ewan Doig.", "He said no turbine had been out of service for more than a week."])

bad("cw-average-output", "arithmetic_error", "0.58 × 44 written as 27.5",
    claim="In 2022 the Cairnmor wind farm produced about 27.5 MW on average.",
    reasoning=["The capacity factor was 0.58 and the capacity is 44 MW.", "0.58 × 44 = 27.5",
               "So the average output was about 27.5 MW."], code=None)
bad("cw-average-output", "code_mismatch", "the code multiplies by one turbine's 4 MW", code="print(round(0.58 * 4, 1))")
bad("cw-cable", "contradiction", "'underground cable rather than an overhead line' reversed",
    claim="Choosing an overhead line rather than an underground cable added £4.2m to Cairnmor's cost.", stage="numeric")
bad("cw-cutout", "contradiction", "the mechanism reversed: the blades are turned because output is cut",
    claim="At Cairnmor the blades are turned out of the wind because output is cut above 90 km/h.", stage="numeric")
bad("cw-generation", "altered_number", "223.5 became 232.5", claim="Cairnmor generated 232.5 GWh in 2022, its first full year.")
bad("cw-blade-height", "swapped_entity", "height and blade length swapped within one sentence",
    claim="Each Cairnmor turbine stands 68 m tall to the blade tip, with blades 142 metres long.")
bad("cw-capacity", "fabricated_quote", "11 turbines became 12 and 44 MW became 48 MW",
    claim="Cairnmor's 12 turbines of 4 MW give it a capacity of 48 megawatts.",
    quotes=["The Cairnmor wind farm has 12 turbines of 4 MW each, a total capacity of 48 MW."],
    reasoning=["There are 12 turbines of 4 MW each.", "12 x 4 MW = 48 MW"], code="print(12 * 4)")
bad("cw-doig", "unsupported_generalisation", "the claim extends the statement to all the operator's farms",
    claim="Ewan Doig said no turbine at any of the operator's wind farms had been out of service for more than a week.")
bad("cw-fund", "duplicate", "paraphrase of a claim accepted earlier in the run",
    claim="At £150 per household a year, the £400,000 Cairnmor fund can pay roughly 2,667 homes.",
    accepted=["The £0.4m community fund covers about 2,667 households at £150 a year each."])
bad("cw-cable", "duplicate", "paraphrase of a claim accepted earlier in the run",
    claim="Cairnmor's underground cable, chosen over an overhead line, cost an extra £4.2m.",
    accepted=["Choosing an underground cable instead of an overhead line added £4.2 million to Cairnmor's cost."])
bad("cw-generation", "broken_reasoning", "a step says each of three years had the same output",
    reasoning=["The document gives 2022 generation as 223.5 GWh.", "The farm generated 223.5 GWh in each of its first three years."])
bad("cw-capacity", "wrong_answer", "a true claim about height, not capacity",
    claim="The Cairnmor turbines stand 142 metres tall to the blade tip.",
    quotes=["The turbines stand 142 metres tall to the blade tip, and each blade is 68 m long."],
    reasoning=["The turbines are 142 metres to the tip."], code=None)

# --- lowmead_vaccination ------------------------------------------------------------------------------------------
D = "lowmead_vaccination"
Q1 = "In the 2023 survey of Lowmead district, 214 of the 550 adults questioned had received a flu vaccine, up from 173 of 541 in 2021."
good("lv-uptake", D, "What share of adults in the 2023 Lowmead survey had received a flu vaccine?", "38.9 percent",
     "38.9 percent of the adults surveyed in Lowmead in 2023 had received a flu vaccine.", [Q1],
     ["214 of the 550 adults questioned had been vaccinated.", "214 / 550 = 38.9 percent"],
     code="print(round(214 / 550 * 100, 1))")
good("lv-uptake-change", D, "How did flu vaccine uptake in Lowmead change between 2021 and 2023?",
     "it rose from about 32 percent to about 38.9 percent",
     "Flu vaccine uptake in Lowmead rose from 32.0% in 2021 to 38.9% in 2023.", [Q1],
     ["In 2021, 173 of 541 adults were vaccinated: 173 / 541 = 0.320", "In 2023, 214 of 550: 214 / 550 = 0.389"],
     code="print(round(173 / 541 * 100, 1), round(214 / 550 * 100, 1))")
good("lv-age", D, "Which age groups had the highest and lowest uptake?", "over 65s at 71 percent; 18 to 34 year olds at 19 percent",
     "Uptake was highest among the over-65s (71%) and lowest among 18-34 year olds (19%).",
     ["Uptake was highest among people over 65, at 71 percent, and lowest among those aged 18 to 34, at 19 percent."],
     ["The survey reports uptake by age.", "Over 65: 71 percent. Aged 18 to 34: 19 percent."])
good("lv-walkin", D, "What changed at the Lowmead clinic in 2023?", "it offered walk-in appointments without booking",
     "In 2023 the Lowmead clinic offered walk-in appointments for the first time, with no need to book.",
     ["For the first time the clinic offered walk-in appointments without booking."],
     ["The survey notes that walk-in appointments without booking were offered for the first time."])
good("lv-wait", D, "How long did patients wait at the Lowmead clinic?", "no more than 20 minutes",
     "Helen Ashby said no patient waited longer than 20 minutes.",
     ["Helen Ashby, the nurse who ran the clinic, said that no patient had waited more than 20 minutes."],
     ["Helen Ashby ran the clinic.", "She said waits never went over 20 minutes."])
good("lv-never-offered", D, "Why had unvaccinated respondents not been vaccinated?", "38 percent had never been offered one",
     "Among unvaccinated respondents, 38% said they had never been offered a vaccine.",
     ["Of the respondents who had not been vaccinated, 38 percent said they had never been offered a vaccine."],
     ["The survey asked those who had not been vaccinated why.", "38 percent had never been offered one."])
good("lv-october", D, "How many vaccinations did Ashby's team give in October 2021?", "930",
     "Ashby's team gave 930 vaccinations in October 2021, half as many as the 1,860 given this October.",
     ["Ashby's team gave 1,860 vaccinations in October, twice the number given in October 2021."],
     ["This October's 1,860 was twice the October 2021 number.", "1,860 / 2 = 930"], code="print(1860 // 2)")

bad("lv-uptake", "arithmetic_error", "214 / 550 written as 36.9 percent",
    claim="36.9 percent of the adults surveyed in Lowmead in 2023 had received a flu vaccine.",
    reasoning=["214 of the 550 adults questioned had been vaccinated.", "214 / 550 = 36.9 percent"], code=None)
bad("lv-uptake", "code_mismatch", "the code divides the wrong way round", code="print(round(550 / 214 * 100, 1))")
bad("lv-age", "swapped_entity", "the two age groups' figures swapped within one sentence",
    claim="Uptake was highest among 18-34 year olds (71%) and lowest among the over-65s (19%).")
bad("lv-wait", "contradiction", "'no patient waited more than 20 minutes' turned into some did",
    claim="Helen Ashby said some patients waited more than 20 minutes.")
bad("lv-never-offered", "altered_number", "38 percent became 48", claim="Among unvaccinated respondents, 48% said they had never been offered a vaccine.")
bad("lv-uptake-change", "unsupported_generalisation", "'in every age group' is not in the source",
    claim="Flu vaccine uptake rose in every age group in Lowmead between 2021 and 2023.",
    reasoning=["In 2021, 173 of 541 adults were vaccinated; in 2023, 214 of 550.", "Uptake went up."], code=None)
bad("lv-wait", "fabricated_quote", "20 minutes became 10 in the quote and the claim",
    claim="Helen Ashby said no patient waited longer than 10 minutes.",
    quotes=["Helen Ashby, the nurse who ran the clinic, said that no patient had waited more than 10 minutes."])
bad("lv-uptake", "duplicate", "paraphrase of a claim accepted earlier in the run",
    claim="In Lowmead's 2023 survey, 38.9% of adults said they had had a flu vaccine.",
    accepted=["38.9 percent of the adults surveyed in Lowmead in 2023 had received a flu vaccine."])
bad("lv-october", "wrong_source", "the October quote attributed to the bread recipe",
    quotes=[("rye_loaf", "Ashby's team gave 1,860 vaccinations in October, twice the number given in October 2021.")])
bad("lv-age", "broken_reasoning", "a step generalises to all groups under 65",
    reasoning=["The survey reports uptake by age.", "Uptake was below 20 percent in all age groups under 65.",
               "Over 65: 71 percent. Aged 18 to 34: 19 percent."])
bad("lv-uptake-change", "wrong_answer", "a true claim about age groups, not the change over time",
    claim="Uptake was highest among people over 65, at 71 percent.",
    quotes=["Uptake was highest among people over 65, at 71 percent, and lowest among those aged 18 to 34, at 19 percent."],
    reasoning=["The survey reports uptake by age."], code=None)

# --- brindle_canal ------------------------------------------------------------------------------------------------
D = "brindle_canal"
good("bc-dug", D, "When was the Brindle Canal dug, and who led the work?", "1791-1794, led by Josiah Mellor",
     "The Brindle Canal was dug from 1791 to 1794 by a company led by Josiah Mellor.",
     ["The Brindle Canal was dug between 1791 and 1794 by a company led by the engineer Josiah Mellor."],
     ["The canal history says it was dug between 1791 and 1794.", "The company was led by the engineer Josiah Mellor."])
good("bc-survey", D, "When was the Brindle Canal's route surveyed?", "in 1788",
     "Josiah Mellor surveyed the route in 1788, three years before digging began.",
     ["Mellor had surveyed the route in 1788, three years before digging began."],
     ["Mellor surveyed the route in 1788.", "That was three years before digging began."])
good("bc-peak", D, "How much traffic did the Brindle Canal carry at its peak?", "about 410,000 tonnes a year, in 1835-1840",
     "At its peak, between 1835 and 1840, about 0.41 million tonnes of coal and grain a year passed along the canal.",
     ["Traffic peaked in 1835-1840, when about 410,000 tonnes of coal and grain passed through each year."],
     ["Traffic peaked in 1835-1840.", "About 410,000 tonnes passed through each year, which is 0.41 million tonnes."])
good("bc-railway", D, "Why did traffic on the Brindle Canal fall after 1847?", "the faster railway reached Ashcombe",
     "Canal traffic fell by half within a decade of 1847, when the faster railway reached Ashcombe.",
     ["The railway reached Ashcombe in 1847, and canal traffic fell by half within a decade because the railway was faster."],
     ["The railway reached Ashcombe in 1847.", "Because it was faster, canal traffic fell by half within a decade."])
good("bc-restoration", D, "What did the Brindle Canal's restoration cost?", "£11.6m",
     "Restoring the canal between 1998 and 2001 cost £11.6m.",
     ["It reopened for leisure use in 2001 after a restoration from 1998 to 2001 that cost £11.6 million."],
     ["The restoration ran from 1998 to 2001.", "It cost £11.6 million."])
good("bc-fenwick", D, "How much did the restoration trust raise from local donors?", "£2.9 million",
     "Margaret Fenwick's trust raised £2.9 million from local donors.",
     ["Fenwick's trust raised £2.9m from local donors and the rest from public grants."],
     ["Fenwick's trust raised £2.9m from local donors."])
good("bc-grants", D, "How much of the restoration cost came from public grants?", "£8.7 million",
     "Public grants paid about £8.7m of the £11.6m restoration.",
     ["It reopened for leisure use in 2001 after a restoration from 1998 to 2001 that cost £11.6 million.",
      "Fenwick's trust raised £2.9m from local donors and the rest from public grants."],
     ["The restoration cost £11.6 million; donors gave £2.9m and grants the rest.", "£11.6m - £2.9m = £8.7m"],
     code="print(round(11.6 - 2.9, 1))")
good("bc-length", D, "How long is the Brindle Canal?", "34 miles, with 42 locks",
     "The Brindle Canal runs for 34 miles, from Ashcombe to the River Teal, through 42 locks.",
     ["It runs 34 miles from Ashcombe to the River Teal and has 42 locks."],
     ["It runs 34 miles from Ashcombe to the River Teal.", "It has 42 locks."])

bad("bc-dug", "altered_number", "1794 became 1797", claim="The Brindle Canal was dug from 1791 to 1797 by a company led by Josiah Mellor.")
bad("bc-survey", "arithmetic_error", "1791 - 1788 written as 4",
    claim="Josiah Mellor surveyed the route in 1788, four years before digging began in 1791.",
    quotes=["Mellor had surveyed the route in 1788, three years before digging began.",
            "The Brindle Canal was dug between 1791 and 1794 by a company led by the engineer Josiah Mellor."],
    reasoning=["Mellor surveyed the route in 1788; digging began in 1791.", "1791 - 1788 = 4"])
bad("bc-grants", "code_mismatch", "the code adds instead of subtracting", code="print(round(11.6 + 2.9, 1))")
bad("bc-fenwick", "swapped_entity", "the trust attributed to Josiah Mellor, named elsewhere in the document",
    claim="Josiah Mellor's trust raised £2.9 million from local donors.")
bad("bc-railway", "contradiction", "the mechanism reversed: the fall in traffic brought the railway",
    claim="The railway reached Ashcombe in 1847 because canal traffic had fallen by half.", stage="numeric")
bad("bc-peak", "fabricated_quote", "410,000 became 510,000 in the quote and the claim",
    claim="At its peak, between 1835 and 1840, about 0.51 million tonnes of coal and grain a year passed along the canal.",
    quotes=["Traffic peaked in 1835-1840, when about 510,000 tonnes of coal and grain passed through each year."],
    reasoning=["Traffic peaked in 1835-1840.", "About 510,000 tonnes passed through each year, which is 0.51 million tonnes."])
bad("bc-restoration", "wrong_source", "the restoration quote attributed to the biography",
    quotes=[("okafor_biography", "It reopened for leisure use in 2001 after a restoration from 1998 to 2001 that cost £11.6 million.")])
bad("bc-length", "unsupported_generalisation", "'every one of them built by Mellor himself' is not in the source",
    claim="The Brindle Canal runs 34 miles through 42 locks, every one of them built by Josiah Mellor himself.")
bad("bc-restoration", "duplicate", "paraphrase of a claim accepted earlier in the run",
    claim="The 1998-2001 restoration of the Brindle Canal cost £11.6 million.",
    accepted=["Restoring the canal between 1998 and 2001 cost £11.6m."])
bad("bc-dug", "broken_reasoning", "a step says Mellor led every canal company in the county",
    reasoning=["The canal history says it was dug between 1791 and 1794.",
               "Mellor led every canal company in the county in the 1790s.", "So Mellor led the work."])
bad("bc-fenwick", "wrong_answer", "a true claim about the total cost, not the donors' share",
    claim="Restoring the canal cost £11.6 million.",
    quotes=["It reopened for leisure use in 2001 after a restoration from 1998 to 2001 that cost £11.6 million."],
    reasoning=["The restoration cost £11.6 million."])

# --- okafor_biography ---------------------------------------------------------------------------------------------
D = "okafor_biography"
good("ok-clinker", D, "What did Okafor's team show about calcined clay?",
     "replacing 30% of clinker with calcined clay cut concrete's carbon emissions by about a quarter, without loss of strength",
     "Amara Okafor's team found that swapping 30% of the clinker for calcined clay cut concrete's carbon emissions by about a quarter with no loss of strength.",
     ["Her team showed that replacing 30 percent of clinker with calcined clay cut the carbon emissions of concrete by about a quarter without reducing its strength."],
     ["Okafor's team replaced 30 percent of the clinker with calcined clay.",
      "Emissions fell by about a quarter and strength did not fall."])
good("ok-medal", D, "When did Okafor receive the Fairbairn Medal?", "2016",
     "Okafor received the Fairbairn Medal in 2016, four years before her election to the Royal Society in 2020.",
     ["In 2016 Okafor received the Fairbairn Medal, and in 2020 she was elected a Fellow of the Royal Society."],
     ["The medal came in 2016 and the Royal Society election in 2020.", "2020 - 2016 = 4"])
good("ok-cement-group", D, "How long did Okafor lead the cement group?", "15 years, from 1999 to 2014",
     "Amara led the Building Research Centre's cement group for 15 years, from 1999 to 2014.",
     ["Okafor joined the Building Research Centre in 1992 and led its cement group from 1999 to 2014."],
     ["She led the cement group from 1999 to 2014.", "2014 - 1999 = 15"], code="print(2014 - 1999)",
     accepted=["Amara Okafor joined the Building Research Centre in 1992."])
good("ok-age-doctorate", D, "How old was Okafor when she completed her doctorate?", "about 28",
     "Okafor was about 28 when she completed her doctorate at Leeds in 1989.",
     ["Amara Okafor (born 1961) is a Nigerian-British materials scientist known for her work on low-carbon cement.",
      "She studied chemistry at the University of Ibadan and completed her doctorate at Leeds in 1989."],
     ["She was born in 1961 and completed her doctorate in 1989.", "1989 - 1961 = 28"], code="print(1989 - 1961)")
good("ok-book", D, "What is Okafor's second book called?", "Grey to Green, published in 2019",
     "Okafor's second book, Grey to Green, came out in 2019.",
     ["She has written two books, the second of which, Grey to Green, appeared in 2019."],
     ["The biography says the second of her two books is Grey to Green, from 2019."])

bad("ok-clinker", "altered_number", "30 percent became 40",
    claim="Amara Okafor's team found that swapping 40% of the clinker for calcined clay cut concrete's carbon emissions by about a quarter with no loss of strength.")
bad("ok-medal", "swapped_entity", "the two years swapped between the medal and the fellowship within one sentence",
    claim="Okafor received the Fairbairn Medal in 2020, four years after her election to the Royal Society in 2016.",
    reasoning=["The medal came in 2020 and the Royal Society election in 2016.", "2020 - 2016 = 4"])
bad("ok-cement-group", "arithmetic_error", "2014 - 1999 written as 13",
    claim="Amara led the Building Research Centre's cement group for 13 years, from 1999 to 2014.",
    reasoning=["She led the cement group from 1999 to 2014.", "2014 - 1999 = 13"], code=None)
bad("ok-age-doctorate", "code_mismatch", "the code uses 1951 as the birth year", code="print(1989 - 1951)")
bad("ok-clinker", "contradiction", "'without reducing its strength' turned into reduced strength",
    claim="Amara Okafor's team found that swapping 30% of the clinker for calcined clay cut emissions by about a quarter but made the concrete weaker.")
bad("ok-cement-group", "swapped_entity", "the cement group attributed to her brother Chidi, named elsewhere in the document",
    claim="Chidi Okafor led the Building Research Centre's cement group for 15 years, from 1999 to 2014.")
bad("ok-book", "fabricated_quote", "2019 became 2018 and two books became three",
    claim="Okafor's second book, Grey to Green, came out in 2018.",
    quotes=["She has written three books, the second of which, Grey to Green, appeared in 2018."])
bad("ok-medal", "wrong_source", "the medal quote attributed to the glacier document",
    quotes=[("sella_glacier", "In 2016 Okafor received the Fairbairn Medal, and in 2020 she was elected a Fellow of the Royal Society.")])
bad("ok-clinker", "unsupported_generalisation", "extended to every type of cement",
    claim="Okafor's team showed that calcined clay cuts the emissions of every type of cement by about a quarter.")
bad("ok-medal", "duplicate", "paraphrase of a claim accepted earlier in the run",
    claim="In 2016 Amara Okafor was awarded the Fairbairn Medal; four years later, in 2020, the Royal Society elected her a Fellow.",
    accepted=["Okafor received the Fairbairn Medal in 2016, four years before her election to the Royal Society in 2020."])
bad("ok-age-doctorate", "broken_reasoning", "a step says all her degrees were from Leeds",
    reasoning=["She was born in 1961.", "Okafor completed all her degrees at Leeds, finishing in 1989.", "1989 - 1961 = 28"])

# --- teal_ferry ---------------------------------------------------------------------------------------------------
D = "teal_ferry"
good("tf-speed", D, "What is the Teal ferry's average speed?", "about 21.3 km/h",
     "The Teal ferry averages about 21.3 km/h across the estuary.",
     ["The ferry crosses the Teal Estuary from Porthcarn to Ellisford, a distance of 6.4 km, in 18 minutes."],
     ["It covers 6.4 km in 18 minutes.", "6.4 / 18 × 60 = 21.3"], code="print(round(6.4 / 18 * 60, 1))")
good("tf-tickets", D, "What does a Teal ferry ticket cost?", "£4.80 for an adult, £2.40 for a child",
     "A single ticket costs £4.80 for an adult versus £2.40 for a child, half the adult fare.",
     ["A single adult ticket costs £4.80, versus £2.40 for a child."],
     ["An adult single is £4.80 vs £2.40 for a child.", "£2.40 is half of £4.80."])
good("tf-capacity", D, "How many passengers and cars does Morwen carry?", "240 passengers and 32 cars",
     "Morwen can carry 240 passengers and 32 cars, 14 more cars than the Gwennol.",
     ["The vessel, Morwen, carries up to 240 passengers and 32 cars.",
      "Morwen was built in 2008 and replaced the older Gwennol, which carried only 18 cars."],
     ["Morwen carries up to 240 passengers and 32 cars.", "The Gwennol carried 18 cars.", "32 - 18 = 14"])
good("tf-closure", D, "Why was the Teal crossing closed in 2023?", "high winds, for 17 days",
     "High winds closed the Teal crossing for 17 days in 2023.",
     ["The crossing was closed for 17 days in 2023 because of high winds."],
     ["The crossing was closed for 17 days in 2023.", "The cause was high winds."])
good("tf-summer", D, "How often does the ferry run in summer?", "every 30 minutes from 06:30 to 21:00",
     "In summer the ferry leaves every 30 minutes between 06:30 and 21:00.",
     ["In summer it runs every 30 minutes from 06:30 to 21:00; in winter it runs hourly."],
     ["The timetable: every 30 minutes from 06:30 to 21:00 in summer, hourly in winter."])
good("tf-bookings", D, "Can you book the Teal ferry?", "no",
     "You cannot book the Teal ferry; the county council, which runs it, takes no bookings.",
     ["The ferry is run by the county council and does not take bookings."],
     ["The council runs the ferry and it does not take bookings."])
good("tf-morwen", D, "When was Morwen built, and what did it replace?", "2008; the Gwennol",
     "Morwen, built in 2008, replaced the Gwennol, which carried only 18 cars.",
     ["Morwen was built in 2008 and replaced the older Gwennol, which carried only 18 cars."],
     ["The document says Morwen was built in 2008 and replaced the Gwennol."],
     accepted=["Morwen can carry 240 passengers and 32 cars, 14 more cars than the Gwennol."])

bad("tf-speed", "arithmetic_error", "6.4 / 18 × 60 written as 23.1", claim="The Teal ferry averages about 23.1 km/h across the estuary.",
    reasoning=["It covers 6.4 km in 18 minutes.", "6.4 / 18 × 60 = 23.1"], code=None)
bad("tf-speed", "code_mismatch", "the code forgets the 60 minutes an hour", code="print(round(6.4 / 18, 1))")
bad("tf-tickets", "swapped_entity", "adult and child fares swapped within one sentence",
    claim="A single ticket costs £2.40 for an adult versus £4.80 for a child.",
    reasoning=["An adult single is £2.40 vs £4.80 for a child."])
bad("tf-capacity", "altered_number", "240 passengers became 260",
    claim="Morwen can carry 260 passengers and 32 cars, 14 more cars than the Gwennol.")
bad("tf-closure", "unsupported_generalisation", "'every year' is not in the source",
    claim="High winds close the Teal crossing for 17 days every year.")
bad("tf-closure", "wrong_answer", "a true claim about the road journey, not the closure",
    claim="Before the ferry started in 1936, the journey by road took 2 hours.",
    quotes=["Before the ferry started in 1936, the journey by road took 2 hours."],
    reasoning=["The document gives the road journey before 1936."])
bad("tf-morwen", "fabricated_quote", "18 cars became 28 in the quote and the claim",
    claim="Morwen, built in 2008, replaced the Gwennol, which carried only 28 cars.",
    quotes=["Morwen was built in 2008 and replaced the older Gwennol, which carried only 28 cars."])
bad("tf-tickets", "duplicate", "paraphrase of a claim accepted earlier in the run",
    claim="Adults pay £4.80 for a single crossing and children £2.40.",
    accepted=["A single ticket costs £4.80 for an adult versus £2.40 for a child, half the adult fare."])
bad("tf-speed", "broken_reasoning", "a step says the ferry always sails at full speed in all weather",
    reasoning=["It covers 6.4 km in 18 minutes.", "The ferry always sails at full speed in all weather.", "6.4 / 18 × 60 = 21.3"])
bad("tf-bookings", "wrong_source", "the bookings quote attributed to the library document",
    quotes=[("corran_library", "The ferry is run by the county council and does not take bookings.")])

# --- rye_loaf -----------------------------------------------------------------------------------------------------
D = "rye_loaf"
good("rl-hydration", D, "What is the hydration of the rye loaf dough?", "70%",
     "The dough's hydration is 70 percent: 350 ml of water to 500 g of flour.",
     ["This loaf uses 500 g of flour and 350 ml of water, a hydration of 70 percent."],
     ["350 / 500 = 0.7", "0.7 is 70 percent."])
good("rl-rye-share", D, "What share of the loaf's flour is rye?", "60 percent",
     "Rye makes up 60% of the flour in the loaf.",
     ["This loaf uses 500 g of flour and 350 ml of water, a hydration of 70 percent.",
      "The flour is a mix of 300 g of dark rye and 200 g of strong white flour."],
     ["300 g of the 500 g of flour is dark rye.", "300 / 500 × 100 = 60"], code="print(300 / 500 * 100)")
good("rl-bake", D, "How long does the rye loaf bake in total?", "50 minutes",
     "The loaf bakes for 50 minutes in all: 15 minutes at 230 °C and 35 minutes at 200 °C.",
     ["Bake at 230 °C for 15 minutes, then at 200 °C for a further 35 minutes."],
     ["The loaf bakes at 230 °C for 15 minutes and then at 200 °C for 35 minutes.", "15 + 35 = 50"], code="print(15 + 35)")
good("rl-no-knead", D, "Why is the rye dough not kneaded?", "rye has little gluten to develop",
     "The dough is mixed by hand with no kneading, since rye has little gluten to develop.",
     ["Mix the dough by hand without kneading it, because rye has little gluten to develop."],
     ["The recipe says to mix by hand without kneading.", "The reason given is that rye has little gluten to develop."])
good("rl-rise", D, "Where should the dough rise, and for how long?", "3 hours at 24 degrees Celsius instead of in the fridge",
     "The dough should rise for three hours at 24 degrees Celsius, not overnight in the fridge.",
     ["Leave it to rise for 3 hours at 24 °C rather than overnight in the fridge, since cold slows the starter too much."],
     ["The recipe gives 3 hours at 24 °C.", "It rules out the fridge, because cold slows the starter too much."])
good("rl-slice", D, "How much does one slice of the rye loaf weigh?", "about 51 g",
     "Each of the 16 slices weighs about 51 g.",
     ["The finished loaf weighs about 820 g and cuts into 16 slices."],
     ["The loaf weighs about 820 g and gives 16 slices.", "820 / 16 = 51.25"], code="print(820 / 16)")
good("rl-sugar", D, "Does the rye loaf contain sugar?", "no added sugar; honey sweetens it",
     "There is no added sugar in the loaf; its sweetness comes from 40 g of honey.",
     ["The recipe uses no added sugar; the sweetness comes from 40 g of honey."],
     ["The recipe uses no added sugar.", "The sweetness comes from 40 g of honey."])

bad("rl-hydration", "arithmetic_error", "350 / 500 written as 0.75", claim="The dough's hydration is 75 percent: 350 ml of water to 500 g of flour.",
    reasoning=["350 / 500 = 0.75", "0.75 is 75 percent."])
bad("rl-rye-share", "code_mismatch", "the code computes the white flour's share", code="print(200 / 500 * 100)")
bad("rl-bake", "swapped_entity", "the two baking times swapped between temperatures within one sentence",
    claim="The loaf bakes for 50 minutes in all: 15 minutes at 200 °C and 35 minutes at 230 °C.")
bad("rl-rise", "contradiction", "'3 hours at 24 °C rather than overnight in the fridge' reversed",
    claim="The dough should rise overnight in the fridge rather than for 3 hours at 24 °C.", stage="numeric")
bad("rl-no-knead", "contradiction", "the mechanism reversed: not kneading causes the lack of gluten",
    claim="Rye has little gluten because the dough is mixed without kneading.", stage="numeric")
bad("rl-slice", "altered_number", "51 g became 61 g", claim="Each of the 16 slices weighs about 61 g.")
bad("rl-sugar", "fabricated_quote", "40 g became 60 g in the quote and the claim",
    claim="There is no added sugar in the loaf; its sweetness comes from 60 g of honey.",
    quotes=["The recipe uses no added sugar; the sweetness comes from 60 g of honey."])
bad("rl-bake", "wrong_source", "the baking quote attributed to the ferry document",
    quotes=[("teal_ferry", "Bake at 230 °C for 15 minutes, then at 200 °C for a further 35 minutes.")])
bad("rl-hydration", "unsupported_generalisation", "extended to all rye breads",
    claim="All rye breads use a hydration of 70 percent.")
bad("rl-rye-share", "duplicate", "paraphrase of a claim accepted earlier in the run",
    claim="Sixty percent of the loaf's flour is rye.", accepted=["Rye makes up 60% of the flour in the loaf."])
bad("rl-no-knead", "duplicate", "paraphrase of a claim accepted earlier in the run",
    claim="Because rye has little gluten, the dough is mixed by hand and not kneaded.",
    accepted=["The dough is mixed by hand with no kneading, since rye has little gluten to develop."])
bad("rl-bake", "broken_reasoning", "a step says every rye loaf needs exactly 50 minutes",
    reasoning=["The loaf bakes at 230 °C for 15 minutes and then at 200 °C for 35 minutes.",
               "Every rye loaf needs exactly 50 minutes.", "15 + 35 = 50"])
bad("rl-rise", "wrong_answer", "a true claim about baking, not rising",
    claim="The loaf bakes at 230 °C for 15 minutes, then at 200 °C for 35 minutes.",
    quotes=["Bake at 230 °C for 15 minutes, then at 200 °C for a further 35 minutes."],
    reasoning=["The recipe gives the baking temperatures and times."])

# --- harlow_rovers ------------------------------------------------------------------------------------------------
D = "harlow_rovers"
good("hr-points", D, "Where did Harlow Rovers finish in 2022-23, and with how many points?", "second, with 78 points",
     "Harlow Rovers finished second in the 2022-23 Western League with 78 points, four behind champions Kestrel Town.",
     ["Harlow Rovers finished the 2022-23 season second in the Western League with 78 points, four behind the champions, Kestrel Town."],
     ["Rovers finished second in 2022-23 with 78 points.", "Kestrel Town were champions, four points ahead."])
good("hr-kestrel-points", D, "How many points did Kestrel Town finish with?", "82",
     "Kestrel Town won the Western League with 82 points.",
     ["Harlow Rovers finished the 2022-23 season second in the Western League with 78 points, four behind the champions, Kestrel Town."],
     ["Rovers had 78 points, four behind Kestrel.", "78 + 4 = 82"], code="print(78 + 4)",
     accepted=["Harlow Rovers finished second in the 2022-23 Western League with 78 points, four behind champions Kestrel Town."])
good("hr-goals", D, "What were Rovers' and Kestrel's goal records?", "Rovers 81 scored, 39 conceded; Kestrel 74 scored, 31 conceded",
     "Rovers scored 81 and conceded 39, while Kestrel scored 74 and let in 31.",
     ["Rovers scored 81 goals and conceded 39, while Kestrel scored 74 and conceded 31."],
     ["The season report gives goals for and against for both clubs."])
good("hr-goal-difference", D, "What was Harlow Rovers' goal difference?", "+42",
     "Harlow Rovers had a goal difference of 42 in 2022-23.",
     ["Harlow Rovers finished the 2022-23 season second in the Western League with 78 points, four behind the champions, Kestrel Town.",
      "Rovers scored 81 goals and conceded 39, while Kestrel scored 74 and conceded 31."],
     ["Rovers scored 81 and conceded 39.", "81 - 39 = 42"], code="print(81 - 39)",
     accepted=["Rovers scored 81 and conceded 39, while Kestrel scored 74 and let in 31."])
good("hr-mensah", D, "How many league goals did Mensah score?", "27, a club record",
     "Dele Mensah's 27 league goals set a club record.",
     ["Striker Dele Mensah scored 27 league goals, a club record."],
     ["The striker Dele Mensah scored 27 league goals, a club record."])
good("hr-attendance", D, "What was Rovers' average home attendance the season before 2022-23?", "about 5,730",
     "Rovers' average home attendance the season before was about 5,730, since 2022-23's 6,420 was 12 percent higher.",
     ["Home attendance averaged 6,420, up 12 percent on the previous season."],
     ["Attendance averaged 6,420, 12 percent up on the season before.", "6,420 / 1.12 = 5,732"],
     code="print(round(6420 / 1.12))")
good("hr-okoro", D, "When was Ruth Okoro appointed manager?", "2020",
     "Ruth Okoro was appointed manager of Harlow Rovers in 2020.",
     ["Manager Ruth Okoro, appointed in 2020, signed a new contract until 2026."],
     ["The season report says the manager, Ruth Okoro, was appointed in 2020."],
     accepted=["In 2020 Okafor was elected a Fellow of the Royal Society.",
               "Bhatt, an independent, doubled his vote compared with 2020."])

bad("hr-goals", "swapped_entity", "the two clubs' goal records swapped within one sentence",
    claim="Rovers scored 74 and conceded 31, while Kestrel scored 81 and let in 39.")
bad("hr-goals", "swapped_entity", "goals conceded swapped between the clubs",
    claim="Rovers scored 81 and conceded 31, while Kestrel scored 74 and let in 39.", suffix="-2")
bad("hr-points", "unsupported_generalisation", "'top three in all three seasons': they were fifth in 2020-21",
    claim="Harlow Rovers finished in the top three in all three seasons from 2020-21 to 2022-23.",
    quotes=["Over the three seasons from 2020-21 to 2022-23, Rovers finished fifth, third and second."],
    reasoning=["Rovers finished fifth, third and second over the three seasons."])
bad("hr-points", "broken_reasoning", "a step says they were second in all three seasons",
    reasoning=["Rovers finished second in 2022-23 with 78 points.",
               "They finished second in all three seasons from 2020-21 to 2022-23.",
               "Kestrel Town were champions, four points ahead."])
bad("hr-goal-difference", "arithmetic_error", "81 - 39 written as 52", claim="Harlow Rovers had a goal difference of 52 in 2022-23.",
    reasoning=["Rovers scored 81 and conceded 39.", "81 - 39 = 52"], code=None)
bad("hr-kestrel-points", "code_mismatch", "the code subtracts the gap", code="print(78 - 4)")
bad("hr-mensah", "altered_number", "27 became 29", claim="Dele Mensah's 29 league goals set a club record.")
bad("hr-mensah", "fabricated_quote", "27 became 29 in the quote and the claim", claim="Dele Mensah's 29 league goals set a club record.",
    quotes=["Striker Dele Mensah scored 29 league goals, a club record."])
bad("hr-okoro", "wrong_source", "the manager quote attributed to the election document",
    quotes=[("valemouth_election", "Manager Ruth Okoro, appointed in 2020, signed a new contract until 2026.")])
bad("hr-goals", "duplicate", "paraphrase of a claim accepted earlier in the run",
    claim="Harlow Rovers netted 81 goals and let in 39; Kestrel Town managed 74 and conceded 31.",
    accepted=["Rovers scored 81 and conceded 39, while Kestrel scored 74 and let in 31."])
bad("hr-points", "contradiction", "'did not lose at home after 1 October' turned into several home defeats",
    claim="Harlow Rovers lost several home games after 1 October.",
    quotes=["The club did not lose at home after 1 October."], reasoning=["The report covers home results after 1 October."])

# --- valemouth_election -------------------------------------------------------------------------------------------
D = "valemouth_election"
V1 = "Rosa Lindqvist won the 2024 Valemouth mayoral election with 18,452 votes, ahead of Gareth Price with 15,907 and Sunil Bhatt with 6,311."
good("ve-winner", D, "Who won the 2024 Valemouth mayoral election, and with how many votes?", "Rosa Lindqvist, 18,452 votes",
     "Rosa Lindqvist won with 18,452 votes, ahead of Gareth Price on 15,907 and Sunil Bhatt on 6,311.", [V1],
     ["The result lists each candidate's votes.", "Lindqvist had the most, 18,452."])
good("ve-share", D, "What share of the vote did Lindqvist win?", "about 45.4%",
     "Lindqvist won about 45.4 percent of the votes cast.", [V1],
     ["Votes cast: 18,452 + 15,907 + 6,311 = 40,670", "18,452 / 40,670 = 45.4%"],
     code="print(round(18452 / (18452 + 15907 + 6311) * 100, 1))",
     accepted=["Rosa Lindqvist won with 18,452 votes, ahead of Gareth Price on 15,907 and Sunil Bhatt on 6,311."])
good("ve-turnout", D, "What was the turnout in the 2024 Valemouth mayoral election?", "41.2 percent, down from 44.8 percent in 2020",
     "Turnout fell from 44.8% in 2020 to 41.2% of Valemouth's 98,600 registered voters.",
     ["Turnout was 41.2 percent of the 98,600 registered voters, down from 44.8 percent in 2020."],
     ["Turnout was 41.2 percent, down from 44.8 percent in 2020."])
good("ve-voters", D, "How many people voted in the 2024 Valemouth mayoral election?", "about 40,600",
     "About 40,600 people voted, 41.2 percent of the 98,600 registered.",
     ["Turnout was 41.2 percent of the 98,600 registered voters, down from 44.8 percent in 2020."],
     ["Turnout was 41.2 percent of 98,600.", "0.412 x 98,600 = 40,623"], code="print(round(0.412 * 98600))",
     accepted=["Turnout fell from 44.8% in 2020 to 41.2% of Valemouth's 98,600 registered voters."])
good("ve-margin", D, "By how many votes did Lindqvist beat Price?", "2,545",
     "Lindqvist's winning margin over Price was 2,545 votes.", [V1],
     ["Lindqvist had 18,452 votes and Price 15,907.", "18,452 - 15,907 = 2,545"], code="print(18452 - 15907)")
good("ve-2020", D, "Who won the Valemouth mayoral election in 2020?", "Gareth Price",
     "In 2020 Price had beaten Lindqvist by 19,870 votes to 17,015.",
     ["In 2020 Price had won with 19,870 votes against 17,015 for Lindqvist."],
     ["The 2020 result: Price 19,870, Lindqvist 17,015."])
good("ve-parties", D, "Which parties did Lindqvist and Price stand for?", "Lindqvist the Harbour Party; Price the Civic Alliance",
     "Lindqvist was the Harbour Party's candidate and Price the Civic Alliance's.",
     ["Lindqvist stood for the Harbour Party and Price for the Civic Alliance."],
     ["The report names each candidate's party."])
good("ve-count", D, "Why did the Valemouth count finish late?", "a recount in the Harbour ward",
     "The count finished at 03:40, two hours late, because of a recount in the Harbour ward.",
     ["The count at the Corn Exchange finished at 03:40, two hours later than planned, because of a recount in the Harbour ward."],
     ["The count ended at 03:40, two hours later than planned.", "A recount in the Harbour ward caused the delay."])

bad("ve-winner", "swapped_entity", "the winner's and runner-up's votes swapped within one sentence",
    claim="Rosa Lindqvist won with 15,907 votes, ahead of Gareth Price on 18,452 and Sunil Bhatt on 6,311.",
    reasoning=["The result lists each candidate's votes."])
bad("ve-parties", "swapped_entity", "the two parties swapped between the candidates",
    claim="Lindqvist was the Civic Alliance's candidate and Price the Harbour Party's.")
bad("ve-2020", "swapped_entity", "the 2020 winner and loser swapped",
    claim="In 2020 Lindqvist had beaten Price by 19,870 votes to 17,015.", suffix="-2")
bad("ve-share", "arithmetic_error", "18,452 / 40,670 written as 47.4%", claim="Lindqvist won about 47.4 percent of the votes cast.",
    reasoning=["Votes cast: 18,452 + 15,907 + 6,311 = 40,670", "18,452 / 40,670 = 47.4%"], code=None)
bad("ve-margin", "code_mismatch", "a digit transposed in the code", code="print(18452 - 15097)")
bad("ve-turnout", "altered_number", "44.8% became 48.4%",
    claim="Turnout fell from 48.4% in 2020 to 41.2% of Valemouth's 98,600 registered voters.")
bad("ve-turnout", "fabricated_quote", "41.2 became 42.1 in the quote and the claim",
    claim="Turnout fell from 44.8% in 2020 to 42.1% of Valemouth's 98,600 registered voters.",
    quotes=["Turnout was 42.1 percent of the 98,600 registered voters, down from 44.8 percent in 2020."])
bad("ve-winner", "wrong_answer", "a true claim about turnout, not the winner",
    claim="Turnout was 41.2 percent of the 98,600 registered voters.",
    quotes=["Turnout was 41.2 percent of the 98,600 registered voters, down from 44.8 percent in 2020."],
    reasoning=["The report gives the turnout."])
bad("ve-share", "unsupported_generalisation", "'a majority in every ward' is not in the source",
    claim="Lindqvist won a majority of the votes in every ward.", reasoning=["Lindqvist had the most votes."], code=None)
bad("ve-margin", "duplicate", "paraphrase of a claim accepted earlier in the run", claim="Lindqvist beat Price by 2,545 votes.",
    accepted=["Lindqvist's winning margin over Price was 2,545 votes."])
bad("ve-voters", "broken_reasoning", "a step says every registered voter under 30 abstained",
    reasoning=["Turnout was 41.2 percent of 98,600.", "All registered voters under 30 abstained.", "0.412 x 98,600 = 40,623"])
bad("ve-count", "contradiction", "the mechanism reversed: the late count caused the recount",
    claim="The Harbour ward needed a recount because the count finished two hours late.", stage="numeric")

# --- sella_glacier ------------------------------------------------------------------------------------------------
D = "sella_glacier"
good("sg-retreat", D, "How far did the Sella Glacier retreat between 1950 and 2020?", "1.8 kilometres",
     "Between 1950 and 2020 the Sella Glacier retreated 1.8 kilometres.",
     ["The Sella Glacier retreated 1.8 km between 1950 and 2020."],
     ["The glacier retreated 1.8 km between 1950 and 2020."])
good("sg-rate", D, "How fast did the Sella Glacier retreat after 1990?", "42 m a year since 1990, against 13 m a year before",
     "Since 1990 the Sella Glacier's front has moved back 42 m a year, against 13 m a year in 1950-1990.",
     ["Its retreat sped up after 1990: the front moved back 42 metres a year over 1990-2020, compared with 13 metres a year over 1950-1990."],
     ["After 1990 the front moved back 42 metres a year.", "Before, over 1950-1990, it was 13 metres a year."])
good("sg-rate-ratio", D, "How many times faster did the glacier retreat after 1990 than before?", "about 3.2 times",
     "After 1990 the Sella Glacier retreated about 3.2 times as fast as before.",
     ["Its retreat sped up after 1990: the front moved back 42 metres a year over 1990-2020, compared with 13 metres a year over 1950-1990."],
     ["The rates are 42 and 13 metres a year.", "42 / 13 = 3.23"], code="print(round(42 / 13, 1))",
     accepted=["Since 1990 the Sella Glacier's front has moved back 42 m a year, against 13 m a year in 1950-1990."])
good("sg-cause", D, "What do scientists blame for the Sella Glacier's faster retreat?", "warmer summers, not lower snowfall",
     "Scientists put the faster retreat down to warmer summers, not to lower snowfall.",
     ["Scientists attribute the faster retreat to warmer summers rather than to lower snowfall."],
     ["Scientists attribute the faster retreat to warmer summers.", "Lower snowfall is ruled out."])
good("sg-floods", D, "What causes summer floods on the Sella river?", "higher melt from the glacier",
     "Higher meltwater from the Sella Glacier leads to summer floods downstream on the Sella river.",
     ["Meltwater from the glacier feeds the Sella river, and higher melt leads to summer floods downstream."],
     ["Meltwater from the glacier feeds the Sella river.", "Higher melt leads to summer floods downstream."])
good("sg-haller", D, "What does Haller expect of the Sella Glacier by 2060?", "it will lose half its remaining ice",
     "Ines Haller expects the glacier to lose half of its remaining ice by 2060.",
     ["Dr Ines Haller, who has measured the glacier since 1987, expects it to lose half of its remaining ice by 2060."],
     ["Dr Ines Haller has measured the glacier since 1987.", "She expects it to lose half its remaining ice by 2060."])
good("sg-temp", D, "How much warmer was the glacier's mean summer temperature in 2020 than in 1950?", "1.8 °C warmer",
     "Mean summer temperature on the glacier rose by 1.8 degrees Celsius, from 4.3 °C in 1950 to 6.1 °C in 2020.",
     ["A weather station on the glacier recorded a mean summer temperature of 6.1 °C in 2020, up from 4.3 °C in 1950."],
     ["The station recorded 6.1 °C in 2020 and 4.3 °C in 1950.", "6.1 - 4.3 = 1.8"], code="print(round(6.1 - 4.3, 1))",
     accepted=["Between 1950 and 2020 the Sella Glacier retreated 1.8 kilometres."])
good("sg-distance-check", D, "Do the Sella Glacier's two retreat rates add up to its total retreat?", "yes, about 1.78 km",
     "The two rates give about 1.78 km of retreat: 520 m over 1950-1990 and 1,260 m over 1990-2020.",
     ["The Sella Glacier retreated 1.8 km between 1950 and 2020.",
      "Its retreat sped up after 1990: the front moved back 42 metres a year over 1990-2020, compared with 13 metres a year over 1950-1990."],
     ["1990 - 1950 = 40 years at 13 metres a year: 13 × 40 = 520", "2020 - 1990 = 30 years at 42 metres a year: 42 × 30 = 1,260",
      "520 + 1,260 = 1,780 metres, close to the 1.8 km total."], code="print(13 * 40 + 42 * 30)")

bad("sg-cause", "contradiction", "'warmer summers rather than lower snowfall' reversed",
    claim="Scientists attribute the faster retreat to lower snowfall rather than to warmer summers.", stage="numeric")
bad("sg-floods", "contradiction", "the mechanism reversed: floods lead to higher melt",
    claim="Summer floods downstream on the Sella river lead to higher melt from the glacier.", stage="numeric")
bad("sg-rate", "swapped_entity", "the two periods' rates swapped within one sentence",
    claim="Since 1990 the Sella Glacier's front has moved back 13 m a year, against 42 m a year in 1950-1990.")
bad("sg-rate-ratio", "arithmetic_error", "42 / 13 written as 2.3", claim="After 1990 the Sella Glacier retreated about 2.3 times as fast as before.",
    reasoning=["The rates are 42 and 13 metres a year.", "42 / 13 = 2.3"], code=None)
bad("sg-temp", "code_mismatch", "the code adds the two temperatures", code="print(round(6.1 + 4.3, 1))")
bad("sg-retreat", "altered_number", "1.8 km became 2.8 km", claim="Between 1950 and 2020 the Sella Glacier retreated 2.8 kilometres.")
bad("sg-haller", "fabricated_quote", "'half of' became 'all of' in the quote and the claim",
    claim="Ines Haller expects the glacier to lose all of its remaining ice by 2060.",
    quotes=["Dr Ines Haller, who has measured the glacier since 1987, expects it to lose all of its remaining ice by 2060."])
bad("sg-retreat", "wrong_source", "the retreat quote attributed to the canal document",
    quotes=[("brindle_canal", "The Sella Glacier retreated 1.8 km between 1950 and 2020.")])
bad("sg-floods", "unsupported_generalisation", "extended to all glaciers",
    claim="Meltwater from glaciers always causes summer floods downstream.")
bad("sg-rate", "duplicate", "paraphrase of a claim accepted earlier in the run",
    claim="The glacier's front retreated 42 metres a year over 1990-2020, up from 13 metres a year over 1950-1990.",
    accepted=["Since 1990 the Sella Glacier's front has moved back 42 m a year, against 13 m a year in 1950-1990."])
bad("sg-cause", "duplicate", "paraphrase of a claim accepted earlier in the run",
    claim="Warmer summers, rather than lower snowfall, explain why the Sella Glacier is retreating faster, scientists say.",
    accepted=["Scientists put the faster retreat down to warmer summers, not to lower snowfall."])
bad("sg-cause", "broken_reasoning", "a step says lower snowfall is the only cause of retreat",
    reasoning=["Scientists attribute the faster retreat to warmer summers.",
               "Lower snowfall is the only cause of glacier retreat.", "So warmer summers are to blame."])

# --- corran_library -----------------------------------------------------------------------------------------------
D = "corran_library"
L1 = "Between 2018 and 2023 the Corran City Library digitised 2.4 million pages at a cost of $3.1m, about $1.29 a page."
good("cl-cost", D, "What did the Corran library's digitisation cost per page?", "about $1.29",
     "Digitising 2.4 million pages for $3.1m came to roughly $1.29 a page.", [L1],
     ["The library digitised 2.4 million pages for $3.1m.", "$3.1m / 2.4 million = $1.29"], code="print(round(3.1e6 / 2.4e6, 2))")
good("cl-staff", D, "Who did the Corran library's scanning?", "twelve paid technicians, no volunteers",
     "The scanning was done by 12 paid technicians, without volunteers.",
     ["The work was done by twelve paid technicians and no volunteers."],
     ["The document says twelve paid technicians did the work and no volunteers."])
good("cl-scanners", D, "How many pages an hour can the library's scanners handle together?", "7,200",
     "Together the four scanners can handle 7,200 pages an hour.",
     ["Each of the four scanners can handle 1,800 pages an hour."],
     ["Each of four scanners handles 1,800 pages an hour.", "4 × 1,800 = 7,200"], code="print(4 * 1800)")
good("cl-visitors", D, "How did the archive's online visits change between 2019 and 2023?", "from 120,000 to 310,000",
     "Online visitors rose from 0.12 million in 2019 to 0.31 million in 2023, Tobias Renn said.",
     ["Head librarian Tobias Renn said the archive had 310,000 online visitors in 2023, compared with 120,000 in 2019."],
     ["Renn gave 310,000 online visitors in 2023 and 120,000 in 2019."])
good("cl-newspapers", D, "How many of the digitised pages were newspapers?", "about 1.56 million",
     "About 1.56 million of the digitised pages were newspapers.",
     [L1, "Newspapers made up 65 percent of the pages, and maps 4 percent."],
     ["65 percent of 2.4 million pages were newspapers.", "0.65 × 2.4 million = 1.56 million"], code="print(0.65 * 2.4)")
good("cl-licences", D, "Why can anyone reuse the Corran library's images?", "the library chose open licences instead of paid access",
     "Because the library picked open licences over paid access, anyone can reuse the images.",
     ["Renn said the library chose open licences rather than paid access, so anyone can reuse the images."],
     ["Renn said the library chose open licences rather than paid access.", "So anyone can reuse the images."])
good("cl-grant", D, "Who paid for the Corran library's scanners?", "the Hallam Trust, with a €0.9m grant",
     "A €900,000 grant from the Hallam Trust paid for the scanners.",
     ["A grant of €0.9m from the Hallam Trust paid for the scanners."],
     ["The Hallam Trust's grant of €0.9m paid for the scanners."])
good("cl-oldest", D, "What was the oldest item the Corran library scanned?", "a parish register from 1538",
     "The oldest item scanned was a 1538 parish register.",
     ["The oldest item scanned was a parish register from 1538."],
     ["The document names the oldest item: a parish register from 1538."])

bad("cl-cost", "arithmetic_error", "3.1 / 2.4 written as 1.92", claim="Digitising 2.4 million pages for $3.1m came to roughly $1.92 a page.",
    reasoning=["The library digitised 2.4 million pages for $3.1m.", "$3.1m / 2.4 million = $1.92"], code=None)
bad("cl-scanners", "code_mismatch", "the code adds instead of multiplying", code="print(4 + 1800)")
bad("cl-licences", "contradiction", "'open licences rather than paid access' reversed",
    claim="Renn said the library chose paid access rather than open licences.", stage="numeric")
bad("cl-visitors", "swapped_entity", "the two years' visitor numbers swapped within one sentence",
    claim="Online visitors numbered 0.31 million in 2019 and 0.12 million in 2023, Tobias Renn said.")
bad("cl-grant", "altered_number", "€0.9m became €1.9m", claim="A €1.9m grant from the Hallam Trust paid for the scanners.")
bad("cl-grant", "swapped_entity", "the grant attributed to a 'Corran Trust' made from a name elsewhere in the document",
    claim="A €900,000 grant from the Corran Trust paid for the scanners.", suffix="-2")
bad("cl-newspapers", "fabricated_quote", "65 percent became 56 percent in the quote and the claim",
    claim="About 56 percent of the digitised pages were newspapers.",
    quotes=["Newspapers made up 56 percent of the pages, and maps 4 percent."],
    reasoning=["The document gives the share of newspapers."], code=None)
bad("cl-oldest", "wrong_source", "the oldest-item quote attributed to the football document",
    quotes=[("harlow_rovers", "The oldest item scanned was a parish register from 1538.")])
bad("cl-staff", "unsupported_generalisation", "extended to every library in Corran",
    claim="Every library in Corran uses only paid technicians for scanning.")
bad("cl-newspapers", "duplicate", "paraphrase of a claim accepted earlier in the run",
    claim="Newspapers accounted for roughly 1.56m of the library's digitised pages.",
    accepted=["About 1.56 million of the digitised pages were newspapers."])
bad("cl-staff", "contradiction", "'no volunteers' turned into a team of volunteers",
    claim="The scanning was done by 12 paid technicians and a team of volunteers.")
bad("cl-scanners", "broken_reasoning", "a step says the library has six scanners",
    reasoning=["Each scanner handles 1,800 pages an hour.", "The library has six scanners.", "4 × 1,800 = 7,200"])
bad("cl-cost", "wrong_answer", "a true claim about the number of pages, not the cost per page",
    claim="The Corran City Library digitised 2.4 million pages between 2018 and 2023.", reasoning=["The document gives the pages digitised."],
    code=None)


# --- assembly -----------------------------------------------------------------------------------------------------

def _draw_accepted(rows: list[dict]) -> None:
    """Three claims of other documents, drawn with a fixed seed per row, before what the row lists itself."""
    pool = [(r["seed"]["sources"][0], r["insight"]["claim"]) for r in rows if r["label"] == "good"]
    for r in rows:
        doc = r["seed"]["sources"][0]
        others = [c for d, c in pool if d != doc]
        drawn = random.Random(r["id"]).sample(others, 3)
        r["accepted"] = drawn + [c for c in r["accepted"] if c not in drawn]


def check(rows: list[dict]) -> None:
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for r in rows:
        ins, kind = r["insight"], r["kind"]
        for e in ins["evidence"]:
            cited = DOCS[e["source_id"]]
            if kind == "fabricated_quote":
                assert e["quote"] not in cited or len(ins["evidence"]) > 1, r["id"]
            elif kind == "wrong_source":
                assert e["quote"] not in cited and any(e["quote"] in d for d in DOCS.values()), r["id"]
            else:
                assert e["quote"] in cited, (r["id"], e["quote"])
        assert ins["claim"] not in r["accepted"] or kind == "duplicate", r["id"]
        if kind == "duplicate":
            assert ins["claim"] not in r["accepted"] and GOOD[r["derived_from"]]["insight"]["claim"] in r["accepted"], r["id"]
        if ins["verification_code"]:
            done = subprocess.run([sys.executable, "-c", ins["verification_code"]], capture_output=True, text=True, timeout=30)
            assert done.returncode == 0, (r["id"], done.stderr)


def build() -> list[dict]:
    rows = [json.loads(json.dumps(r)) for r in ROWS]
    _draw_accepted(rows)
    return rows


if __name__ == "__main__":
    rows = build()
    check(rows)
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows), encoding="utf-8")
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    print(f"wrote {len(rows)} rows over {len(DOCS)} documents to {OUT}: {dict(sorted(kinds.items()))}")
