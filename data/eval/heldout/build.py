"""Assemble the held-out labeled set (labeled.jsonl) from hand-written entries.

Every row below was written by hand against the documents in corpus/. This
script only fills in the shared record structure (seed, insight, accepted
claims) and writes the JSONL. It does not import assay.

Run:  python data/eval/heldout/build.py
"""
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))

HF = "harrowgate_foods_results"
VE = "veltrano_energy_annual"
PS = "pinecrest_software_q3"
NF = "northmoor_flu_survey"
KV = "kestrel_valley_rainfall"
AH = "aldercombe_heatwave_2022"
BR = "brackenford_rovers_season"
AL = "annika_lindqvist_biography"
MO = "marguerite_osei_biography"
TC = "tallow_canal_history"
CB = "corran_bridge_specs"
SW = "saltmarsh_wind_farm"
SD = "sourdough_method"
CS = "copper_sulfate_preparation"
ER = "eastline_rail_timetable"
KF = "kilbride_ferry_schedule"
DE = "dunmore_council_election"
RM = "riverside_mayoral_runoff"
HS = "hollins_school_meals"
PG = "pelham_glassworks_closure"
CR = "coral_bleaching_mechanism"
AS = "ashworth_library_lending"
MH = "marlow_hospital_waiting_times"
GV = "greyfield_measles_campaign"
OC = "marden_cider_cooperative"
TI = "tern_island_seabirds"

GOOD = {}
ROWS = []  # (kind, dict) in writing order
KEEP = object()
_counter = {}


def _uniq(xs):
    out = []
    for x in xs:
        if x not in out:
            out.append(x)
    return out


def good(id, q, ref, claim, ev, rs, code=None, conf=0.85, note="", sources=None):
    assert id not in GOOD, id
    row = dict(id=id, kind="good", label="good", base=None, note=note or "correct, grounded, supported",
               q=q, ref=ref, sources=sources or _uniq([s for s, _ in ev]), claim=claim,
               ev=list(ev), rs=list(rs), code=code, conf=conf, dup_of=None)
    GOOD[id] = row
    ROWS.append(row)


def bad(kind, base, note, id=None, q=KEEP, ref=KEEP, claim=KEEP, ev=KEEP, rs=KEEP, code=KEEP,
        conf=KEEP, sources=KEEP, dup_of=None):
    b = GOOD[base] if base else {}

    def pick(val, key, default=None):
        if val is not KEEP:
            return val
        if base:
            return b[key]
        return default

    n = _counter.get((base, kind), 0) + 1
    _counter[(base, kind)] = n
    rid = id or f"{base or 'nb'}--{kind}" + (f"-{n}" if n > 1 else "")
    evv = pick(ev, "ev")
    row = dict(id=rid, kind=kind, label="bad", base=base, note=note,
               q=pick(q, "q"), ref=pick(ref, "ref"), claim=pick(claim, "claim"), ev=list(evv),
               rs=list(pick(rs, "rs")), code=pick(code, "code"), conf=pick(conf, "conf", 0.8),
               sources=None, dup_of=None)
    if sources is not KEEP:
        row["sources"] = sources
    elif base:
        row["sources"] = _uniq(b["sources"] + [s for s, _ in evv if s in b["sources"]])
    else:
        row["sources"] = _uniq([s for s, _ in evv])
    if kind == "duplicate":
        row["dup_of"] = dup_of or b["claim"]
    assert row["q"] and row["claim"] and row["ev"] and row["rs"], rid
    ROWS.append(row)


# ---------------------------------------------------------------- Harrowgate Foods
good("hf-growth",
     q="How much did Harrowgate Foods' revenue grow in the year to 31 March 2024?",
     ref="By about 8.9%, from £378.9 million to £412.6 million.",
     claim="Harrowgate Foods' group revenue grew by 8.9 percent in the year to 31 March 2024, from £378.9m to £412.6m.",
     ev=[(HF, "Group revenue rose to £412.6 million from £378.9 million a year earlier")],
     rs=["The results give group revenue of £412.6 million, against £378.9 million a year earlier.",
         "The increase is 412.6 - 378.9 = 33.7 million.",
         "33.7 / 378.9 = 0.0889, i.e. growth of 8.9 percent."],
     code="print(round((412.6 - 378.9) / 378.9 * 100, 1))",
     sources=[HF, PS], conf=0.9,
     note="percentage change from two figures; '£412.6 million' written as '£412.6m'")
good("hf-chilled-share",
     q="What share of Harrowgate Foods' revenue came from the chilled division?",
     ref="Just under 61 percent.",
     claim="The chilled division generated 60.9 percent of Harrowgate Foods' £412.6m group revenue.",
     ev=[(HF, "The chilled division contributed revenue of £251.3 million, while the bakery division contributed £161.3 million."),
         (HF, "Group revenue rose to £412.6 million")],
     rs=["The chilled division contributed £251.3 million.",
         "Group revenue was £412.6 million, which equals 251.3 + 161.3.",
         "251.3 / 412.6 = 0.609, so the chilled share is 60.9 percent."],
     code="chilled = 251.3\nbakery = 161.3\nprint(round(chilled / (chilled + bakery) * 100, 1))",
     note="share computed from two figures; reference says 'just under 61 percent'")
good("hf-netdebt",
     q="Why did Harrowgate's net debt fall, and by how much?",
     ref="It fell by £15.5m, to £88.5m, because the Wakefield distribution depot was sold for £12.1m.",
     claim="Harrowgate's net debt fell by £15.5m to £88.5m, helped by the £12.1m sale of its Wakefield distribution depot.",
     ev=[(HF, "Net debt at the year end stood at £88.5m, down from £104.0m, because the company sold its distribution depot in Wakefield for £12.1m.")],
     rs=["Net debt was £104.0m a year earlier and £88.5m at the year end.",
         "104.0 - 88.5 = 15.5, so the fall was £15.5m.",
         "The document gives the £12.1m sale of the Wakefield depot as the reason."],
     code="print(round(104.0 - 88.5, 1))", conf=0.88,
     note="difference of two figures plus the stated cause")
good("hf-opmargin",
     q="What was Harrowgate Foods' operating profit for the year to March 2024?",
     ref="£31.4 million, up from £27.2 million",
     claim="Harrowgate made an operating profit of £31.4m, up from £27.2m, an operating margin of 7.6 percent on revenue of £412.6m.",
     ev=[(HF, "Operating profit was £31.4 million, compared with £27.2 million in the previous year."),
         (HF, "Group revenue rose to £412.6 million from £378.9 million a year earlier")],
     rs=["Operating profit was £31.4 million against £27.2 million the year before.",
         "Revenue was £412.6 million.",
         "31.4 / 412.6 = 0.076, so the operating margin was 7.6 percent."],
     code="print(round(31.4 / 412.6 * 100, 1))",
     note="margin derived from two figures in different sentences")
good("hf-flour",
     q="What did Harrowgate's chief executive say about the bakery division?",
     ref="Flour costs rose 14% and the bakery margin fell from 5.6% to 4.1%.",
     claim="Whitcombe said flour costs rose 14% during the year and that Harrowgate's bakery margin fell from 5.6% to 4.1%.",
     ev=[(HF, "Chief executive Sandra Whitcombe said the bakery division had been affected by higher flour costs, which rose 14% during the year, and that bakery margins fell to 4.1% from 5.6%.")],
     rs=["The chief executive, Sandra Whitcombe, is quoted on the bakery division.",
         "She said flour costs rose 14% during the year.",
         "She also said bakery margins fell to 4.1% from 5.6%."],
     conf=0.92, note="surname only in the claim; figures restated in a different order")
good("hf-acq",
     q="Does Harrowgate Foods plan any acquisitions next year?",
     ref="No, it does not expect to make any.",
     claim="Harrowgate Foods has no plans to acquire other businesses in the coming year.",
     ev=[(HF, "Harrowgate does not expect to make any acquisitions in the coming year.")],
     rs=["The results statement addresses acquisitions directly.",
         "It says Harrowgate does not expect to make any in the coming year.",
         "So the company has no acquisition plans for that period."],
     conf=0.85, note="negation paraphrased ('does not expect to make any' -> 'no plans')")

bad("altered_number", "hf-growth", "prior-year revenue changed from £378.9m to £387.9m",
    claim="Harrowgate Foods' group revenue rose to £412.6m in the year to 31 March 2024, from £387.9m a year earlier.",
    rs=["The results give group revenue of £412.6 million for the year.",
        "The previous year's revenue was £387.9 million."], code=None)
bad("arithmetic_error", "hf-growth", "growth divided by the new revenue instead of the prior-year revenue (8.2% not 8.9%); the code repeats the mistake",
    claim="Harrowgate Foods' group revenue grew by 8.2 percent in the year to 31 March 2024, from £378.9m to £412.6m.",
    rs=["The results give group revenue of £412.6 million, against £378.9 million a year earlier.",
        "The increase is 412.6 - 378.9 = 33.7 million.",
        "33.7 / 412.6 = 0.082, i.e. growth of 8.2 percent."],
    code="print(round((412.6 - 378.9) / 412.6 * 100, 1))")
bad("broken_reasoning", "hf-growth", "claim is true but the steps compute it from capital expenditure and the bakery margin, which is a non sequitur",
    rs=["The results give group revenue of £412.6 million, against £378.9 million a year earlier.",
        "Capital expenditure was £19.7m, and 19.7 / 412.6 is about 4.8 percent.",
        "Adding the 4.1 percent bakery margin to that gives revenue growth of 8.9 percent."])
bad("wrong_source", "hf-growth", "quote is from the Harrowgate results but is cited as the Pinecrest document",
    ev=[(PS, "Group revenue rose to £412.6 million from £378.9 million a year earlier")])
bad("unsupported_generalisation", "hf-growth", "'driven mainly by' the chilled division generalised to 'all of the growth'",
    q="What drove Harrowgate Foods' revenue growth?",
    ref="Mainly the chilled ready-meals division.",
    claim="All of Harrowgate Foods' revenue growth in the year to March 2024 came from the chilled ready-meals division.",
    ev=[(HF, "Group revenue rose to £412.6 million from £378.9 million a year earlier, an increase driven mainly by the chilled ready-meals division.")],
    rs=["Revenue rose from £378.9 million to £412.6 million.",
        "The document attributes the increase to the chilled ready-meals division.",
        "So the chilled division accounts for the whole of the growth."], code=None)
bad("swapped_entity", "hf-chilled-share", "the two divisions' revenues are swapped",
    claim="The bakery division contributed £251.3m of Harrowgate Foods' revenue, while the chilled division contributed £161.3m.",
    rs=["The results list revenue for the two divisions.",
        "Bakery contributed £251.3m and chilled £161.3m, together £412.6m."], code=None)
bad("code_mismatch", "hf-chilled-share", "code computes the bakery share (39.1) instead of the chilled share (60.9)",
    code="chilled = 251.3\nbakery = 161.3\nprint(round(bakery / (chilled + bakery) * 100, 1))")
bad("duplicate", "hf-chilled-share", "paraphrase of an accepted claim: chilled division = 60.9% of £412.6m revenue",
    claim="Harrowgate's chilled ready-meals business accounted for 60.9% of the group's £412.6 million of sales.")
bad("fabricated_quote", "hf-netdebt", "quote rewritten; the document never says 'fell by £15.5m'",
    ev=[(HF, "Net debt fell by £15.5m to £88.5m after the Wakefield depot was sold for £12.1m.")])
bad("arithmetic_error", "hf-netdebt", "104.0 - 88.5 is 15.5, not 16.5; the code prints 15.5",
    claim="Harrowgate's net debt fell by £16.5m to £88.5m, helped by the £12.1m sale of its Wakefield distribution depot.",
    rs=["Net debt was £104.0m a year earlier and £88.5m at the year end.",
        "104.0 - 88.5 = 16.5, so the fall was £16.5m.",
        "The document gives the £12.1m sale of the Wakefield depot as the reason."])
bad("broken_reasoning", "hf-netdebt", "last step asserts 12.1 exceeds 15.5 and draws a conclusion from it",
    rs=["Net debt was £104.0m a year earlier and £88.5m at the year end.",
        "104.0 - 88.5 = 15.5, so the fall was £15.5m.",
        "The depot sale raised £12.1m, which is more than the £15.5m fall, so the sale alone explains the whole reduction."])
bad("altered_number", "hf-netdebt", "depot sale price changed from £12.1m to £21.1m",
    claim="Harrowgate's net debt fell to £88.5m after it sold its Wakefield distribution depot for £21.1m.",
    rs=["Net debt stood at £88.5m at the year end.",
        "The Wakefield depot was sold for £21.1m."], code=None)
bad("wrong_answer", "hf-opmargin", "gives the previous year's operating profit (£27.2m) as this year's",
    claim="Harrowgate Foods made an operating profit of £27.2m in the year to March 2024.",
    ev=[(HF, "Operating profit was £31.4 million, compared with £27.2 million in the previous year.")],
    rs=["The results statement reports operating profit.", "The figure given is £27.2 million."], code=None)
bad("code_mismatch", "hf-opmargin", "code divides by prior-year revenue and prints 8.3, not the claimed 7.6",
    code="print(round(31.4 / 378.9 * 100, 1))")
bad("contradiction", "hf-acq", "negation flipped: the company does NOT expect acquisitions",
    claim="Harrowgate Foods expects to make acquisitions in the coming year.",
    rs=["The results statement addresses acquisitions directly.",
        "It indicates that acquisitions are planned for the coming year."])
bad("duplicate", "hf-acq", "paraphrase of the accepted 'no plans to acquire' claim",
    claim="Harrowgate does not intend to buy any companies over the next twelve months.")
bad("contradiction", None, "'rather than' reversed: capex went on the Doncaster packing line, not new stores",
    q="What did Harrowgate spend its capital expenditure on?",
    ref="Mostly a new packing line at the Doncaster site.",
    claim="Harrowgate spent most of its £19.7m capital expenditure on new stores rather than on its Doncaster packing line.",
    ev=[(HF, "Capital expenditure was £19.7m, most of it spent on a new packing line at the Doncaster site rather than on new stores.")],
    rs=["Capital expenditure was £19.7m.", "Most of it was spent on new stores rather than on the packing line."],
    code=None, conf=0.8)
bad("unsupported_generalisation", None, "'mostly to Ireland and the Netherlands' generalised to 'all'",
    q="Where did Harrowgate Foods export to?",
    ref="Mostly Ireland and the Netherlands.",
    claim="All of Harrowgate's £37.2m of exports went to Ireland and the Netherlands.",
    ev=[(HF, "Exports accounted for £37.2m of revenue, mostly to Ireland and the Netherlands.")],
    rs=["Exports were £37.2m of revenue.", "They went to Ireland and the Netherlands, so every export sale was to those two countries."],
    code=None, conf=0.75)
bad("swapped_entity", "hf-flour", "the old and new bakery margins are swapped, turning a fall into a rise",
    claim="Whitcombe said flour costs rose 14% during the year and that Harrowgate's bakery margin fell from 4.1% to 5.6%.",
    rs=["The chief executive, Sandra Whitcombe, is quoted on the bakery division.",
        "She said flour costs rose 14% during the year.",
        "The bakery margin went from 4.1% to 5.6%."])

# ---------------------------------------------------------------- Veltrano Energia
good("ve-hydro-share",
     q="What share of Veltrano's 2023 generation came from hydroelectric plants?",
     ref="About 39 percent (7,100 of 18,300 GWh).",
     claim="Hydroelectric plants supplied 38.8 percent of the 18,300 GWh of electricity Veltrano generated in 2023.",
     ev=[(VE, "Veltrano generated 18,300 GWh of electricity during the year."),
         (VE, "Hydroelectric plants produced 7,100 GWh, solar parks 4,600 GWh and gas-fired stations 6,600 GWh.")],
     rs=["Veltrano generated 18,300 GWh in total.",
         "Hydro plants produced 7,100 GWh; 7,100 + 4,600 + 6,600 = 18,300, so the parts add up.",
         "7,100 / 18,300 = 0.388, or 38.8 percent."],
     code="print(round(7100 / 18300 * 100, 1))", sources=[VE, SW],
     note="share from two figures; reference rounds to 39 percent")
good("ve-profit",
     q="How did Veltrano's net profit change in 2023, and why?",
     ref="It rose by roughly 19% to €512m because the company no longer had to buy gas at 2022's very high prices.",
     claim="Veltrano's net profit rose 18.8 percent to €512m in 2023, even though revenue fell from €7.9bn to €6.4bn, because it no longer had to buy gas at 2022's very high prices.",
     ev=[(VE, "Revenue fell to €6.4bn from €7.9bn in 2022, mainly because wholesale electricity prices declined across southern Europe."),
         (VE, "Despite lower revenue, net profit increased to €512m from €431m, as the company no longer had to buy gas at the very high prices of 2022.")],
     rs=["Revenue fell from €7.9bn to €6.4bn.",
         "Net profit rose from €431m to €512m, an increase of €81m.",
         "81 / 431 = 0.188, so profit rose 18.8 percent.",
         "The document explains this by the end of very expensive gas purchases."],
     code="print(round((512 - 431) / 431 * 100, 1))", conf=0.88,
     note="percentage change with 'bn' and 'm' scale words; cause restated")
good("ve-maint",
     q="How much of Veltrano's 2023 investment went on hydro dam maintenance?",
     ref="€0.14bn (about €140 million).",
     claim="Of Veltrano's €1.2bn investment in 2023, €0.14bn, or about €140m, went on maintaining hydro dams.",
     ev=[(VE, "The company invested €1.2bn, of which €0.75bn went into new solar capacity and €0.31bn into grid connections; the remainder was spent on maintenance of hydro dams.")],
     rs=["Total investment was €1.2bn.",
         "Solar took €0.75bn and grid connections €0.31bn.",
         "The remainder, 1.2 - 0.75 - 0.31 = 0.14, i.e. €0.14bn, went on hydro dam maintenance."],
     code="print(round(1.2 - 0.75 - 0.31, 2))",
     note="remainder derived by subtraction; bn and m both used")
good("ve-customers",
     q="Why did Veltrano lose retail customers in 2023?",
     ref="Customers switched to cheaper fixed-price suppliers.",
     claim="Veltrano ended 2023 with 2.9 million retail customers vs 3.1 million a year earlier, a loss of about 0.2 million that it attributes to customers switching to cheaper fixed-price suppliers.",
     ev=[(VE, "Veltrano had 2.9 million retail customers at the end of the year versus 3.1 million a year earlier, a fall the company attributes to customers switching to cheaper fixed-price suppliers.")],
     rs=["Customers fell from 3.1 million to 2.9 million.",
         "3.1 - 2.9 = 0.2 million customers lost.",
         "The company attributes the fall to switching to cheaper fixed-price suppliers."],
     code="print(round(3.1 - 2.9, 1))",
     note="'vs' in the claim, 'versus' in the quote; '0.2 million'")
good("ve-nodiv",
     q="Will Veltrano pay a special dividend for 2023?",
     ref="No; only the ordinary dividend, held at €0.42 per share.",
     claim="Ferrante said Veltrano would pay no special dividend for 2023, and the ordinary dividend stayed at €0.42 per share.",
     ev=[(VE, "Chief financial officer Paolo Ferrante said the utility would not pay a special dividend for 2023."),
         (VE, "The ordinary dividend was held at €0.42 per share.")],
     rs=["The CFO, Paolo Ferrante, said no special dividend would be paid for 2023.",
         "The ordinary dividend was held at €0.42."],
     conf=0.93, note="surname only; 'would not pay' -> 'would pay no'")
good("mx-solar-wind",
     q="How does Saltmarsh Offshore Wind Farm's 2023 output compare with Veltrano's solar generation?",
     ref="Veltrano's solar parks produced about two and a half times as much (4,600 GWh versus 1,870 GWh).",
     claim="Veltrano's solar parks generated 4,600 GWh in 2023, about 2.5 times the 1,870 GWh produced by Saltmarsh Offshore Wind Farm.",
     ev=[(VE, "Hydroelectric plants produced 7,100 GWh, solar parks 4,600 GWh and gas-fired stations 6,600 GWh."),
         (SW, "In 2023 the wind farm generated 1,870 GWh of electricity, which gives a capacity factor of about 43 percent.")],
     rs=["Veltrano's solar parks produced 4,600 GWh in 2023.",
         "Saltmarsh generated 1,870 GWh in 2023.",
         "4,600 / 1,870 = 2.46, about 2.5 times."],
     code="print(round(4600 / 1870, 1))", conf=0.82,
     note="multi-evidence across two documents; ratio computed")

bad("swapped_entity", "ve-hydro-share", "hydro and solar outputs swapped",
    claim="Veltrano's solar parks produced 7,100 GWh in 2023 and its hydroelectric plants 4,600 GWh.",
    rs=["The report lists generation by technology.", "Solar produced 7,100 GWh and hydro 4,600 GWh."], code=None)
bad("duplicate", "ve-hydro-share", "paraphrase of the accepted hydro-share claim",
    claim="Nearly two fifths of Veltrano's 2023 electricity, 38.8% of 18,300 GWh, came from its hydro plants.")
bad("swapped_entity", None, "percentages swapped between solar (rose 31%) and gas (fell 22%) within one sentence",
    q="How did Veltrano's solar and gas-fired output change in 2023?",
    ref="Solar output rose 31% and gas-fired output fell 22%.",
    claim="In 2023 Veltrano's solar output rose 22% while its gas-fired output fell 31%.",
    ev=[(VE, "Gas-fired output was down 22% on the previous year, while solar output rose 31%.")],
    rs=["The report compares output with the previous year.", "Solar rose 22% and gas-fired output fell 31%."],
    code=None, conf=0.85)
bad("altered_number", "ve-profit", "net profit changed from €512m to €521m",
    claim="Veltrano's net profit rose to €521m from €431m in 2023, even though revenue fell from €7.9bn to €6.4bn.",
    rs=["Revenue fell from €7.9bn to €6.4bn.", "Net profit rose from €431m to €521m."], code=None)
bad("arithmetic_error", "ve-profit", "81/512 used instead of 81/431: 15.8% claimed, code prints 18.8",
    claim="Veltrano's net profit rose 15.8 percent to €512m in 2023, even though revenue fell from €7.9bn to €6.4bn.",
    rs=["Revenue fell from €7.9bn to €6.4bn.",
        "Net profit rose from €431m to €512m, an increase of €81m.",
        "81 / 512 = 0.158, so profit rose 15.8 percent."])
bad("contradiction", "ve-profit", "mechanism reversed: profit rose because it no longer had to buy expensive gas",
    claim="Veltrano's net profit rose to €512m in 2023 because it had to buy gas at even higher prices than in 2022.",
    rs=["Net profit rose from €431m to €512m.", "The report links this to gas purchases at higher prices than in 2022."],
    code=None)
bad("code_mismatch", "ve-maint", "code omits the grid-connection spending and prints 0.45, not 0.14",
    code="print(round(1.2 - 0.75, 2))")
bad("arithmetic_error", "ve-maint", "1.2 - 0.75 - 0.31 is 0.14, not 0.24; the code prints 0.14",
    claim="Of Veltrano's €1.2bn investment in 2023, €0.24bn went on maintaining hydro dams.",
    rs=["Total investment was €1.2bn.", "Solar took €0.75bn and grid connections €0.31bn.",
        "The remainder, 1.2 - 0.75 - 0.31 = 0.24, went on hydro dam maintenance."])
bad("wrong_answer", "ve-customers", "gives the previous year's customer number (3.1m) instead of 2.9m",
    q="How many retail customers did Veltrano have at the end of 2023?",
    ref="2.9 million",
    claim="Veltrano had 3.1 million retail customers at the end of 2023.",
    rs=["The report gives Veltrano's retail customer numbers.", "The figure quoted is 3.1 million."], code=None)
bad("broken_reasoning", "ve-customers", "step 2 infers the switching from the revenue fall, a non sequitur unrelated to the evidence",
    rs=["Customers fell from 3.1 million to 2.9 million.",
        "Revenue fell from €7.9bn to €6.4bn, so each remaining customer must have paid less, which proves they moved to fixed-price suppliers.",
        "3.1 - 2.9 = 0.2 million customers lost."])
bad("contradiction", "ve-nodiv", "negation flipped: no special dividend will be paid",
    claim="Ferrante said Veltrano would pay a special dividend for 2023 on top of its €0.42 ordinary dividend.",
    rs=["The CFO, Paolo Ferrante, addressed dividends.", "He announced a special dividend in addition to the €0.42 ordinary dividend."])
bad("fabricated_quote", "ve-nodiv", "quote invented; not in the document",
    ev=[(VE, "Paolo Ferrante confirmed that no special dividend would be paid for 2023 and that the ordinary dividend of €0.42 per share would be maintained.")])
bad("unsupported_generalisation", None, "'mainly' and 'southern Europe' widened to 'solely' and 'every European market'",
    q="Why did Veltrano's revenue fall in 2023?",
    ref="Mainly because wholesale electricity prices declined across southern Europe.",
    claim="Veltrano's revenue fell in 2023 solely because wholesale electricity prices fell in every European market.",
    ev=[(VE, "Revenue fell to €6.4bn from €7.9bn in 2022, mainly because wholesale electricity prices declined across southern Europe.")],
    rs=["Revenue fell from €7.9bn to €6.4bn.", "Wholesale prices declined, which was the only cause, and they declined everywhere in Europe."],
    code=None, conf=0.78)
bad("wrong_source", "mx-solar-wind", "the two quotes are attributed to each other's documents",
    ev=[(SW, "Hydroelectric plants produced 7,100 GWh, solar parks 4,600 GWh and gas-fired stations 6,600 GWh."),
        (VE, "In 2023 the wind farm generated 1,870 GWh of electricity, which gives a capacity factor of about 43 percent.")])
bad("code_mismatch", "mx-solar-wind", "code inverts the ratio and prints 0.4, not 2.5",
    code="print(round(1870 / 4600, 1))")

# ---------------------------------------------------------------- Pinecrest Software
good("ps-growth",
     q="How fast did Pinecrest's revenue grow in the third quarter of fiscal 2024?",
     ref="About 17.8% year on year, to $84.2 million.",
     claim="Pinecrest's third-quarter revenue grew 17.8 percent year on year to $84.2m.",
     ev=[(PS, "Revenue for the quarter was $84.2 million, up from $71.5 million in the same quarter a year ago.")],
     rs=["Third-quarter revenue was $84.2 million against $71.5 million a year earlier.",
         "84.2 - 71.5 = 12.7 million.", "12.7 / 71.5 = 0.178, or 17.8 percent."],
     code="print(round((84.2 - 71.5) / 71.5 * 100, 1))", sources=[PS, HF],
     note="growth computed; '$84.2 million' written '$84.2m'")
good("ps-subshare",
     q="How much of Pinecrest's third-quarter revenue came from subscriptions?",
     ref="$66.9 million, roughly 79% of revenue.",
     claim="Subscriptions made up 79.5 percent of Pinecrest's $84.2 million third-quarter revenue.",
     ev=[(PS, "Subscription revenue was $66.9 million and professional services revenue was $17.3 million."),
         (PS, "Revenue for the quarter was $84.2 million")],
     rs=["Subscription revenue was $66.9 million.", "Total revenue was $84.2 million (66.9 + 17.3).",
         "66.9 / 84.2 = 0.795, i.e. 79.5 percent."],
     code="print(round(66.9 / 84.2 * 100, 1))")
good("ps-margin",
     q="Why did Pinecrest's gross margin improve?",
     ref="Because more customers moved to the hosted version instead of the on-premises licence.",
     claim="Pinecrest's gross margin rose 4 percentage points to 78% as more customers chose the hosted product over the on-premises licence.",
     ev=[(PS, "Gross margin improved to 78% from 74%, because more customers moved to the hosted version of the product rather than the on-premises licence.")],
     rs=["Gross margin went from 74% to 78%, a rise of 4 points.",
         "The document attributes this to customers moving to the hosted version rather than the on-premises licence."],
     code="print(78 - 74)", note="'rather than' paraphrased as 'over'; points difference")
good("ps-onprem",
     q="What change to on-premises licences did Pinecrest announce?",
     ref="It will stop selling new on-premises licences from January.",
     claim="Dana Albright said Pinecrest will stop selling new on-premises licences from January.",
     ev=[(PS, "Chief executive Dana Albright said Pinecrest would no longer sell new on-premises licences from January.")],
     rs=["The chief executive, Dana Albright, announced a change to licensing.",
         "Pinecrest would no longer sell new on-premises licences from January."],
     conf=0.94, note="'no longer sell' paraphrased as 'stop selling'")
good("ps-large",
     q="How did the number of Pinecrest's large customers change?",
     ref="Customers with contracts above $100,000 rose from 254 to 312.",
     claim="Pinecrest's customers with annual contracts above $100,000 rose by 58, or 22.8 percent, to 312.",
     ev=[(PS, "Customers with annual contracts above $100,000 numbered 312, up from 254.")],
     rs=["There were 312 such customers, up from 254.", "312 - 254 = 58.", "58 / 254 = 0.228, or 22.8 percent."],
     code="print(312 - 254)\nprint(round((312 - 254) / 254 * 100, 1))",
     note="code prints two derived figures, both in the claim")
good("ps-nolayoffs",
     q="Did Pinecrest cut jobs during the year?",
     ref="No, it made no layoffs.",
     claim="Pinecrest made no layoffs during the year and plans to hire about 120 engineers, mostly in Toronto and Austin.",
     ev=[(PS, "Albright said the company had not made any layoffs during the year and planned to hire about 120 engineers, mostly in its Toronto and Austin offices.")],
     rs=["Albright said the company had not made any layoffs.", "She said it planned to hire about 120 engineers, mostly in Toronto and Austin."],
     conf=0.9, note="negation rephrased ('had not made any' -> 'made no')")
good("mx-growth",
     q="Which grew faster: Pinecrest's quarterly revenue or Harrowgate Foods' annual revenue?",
     ref="Pinecrest's, at about 17.8% against about 8.9%.",
     claim="Pinecrest's revenue grew 17.8 percent year on year, roughly double the 8.9 percent growth at Harrowgate Foods.",
     ev=[(PS, "Revenue for the quarter was $84.2 million, up from $71.5 million in the same quarter a year ago."),
         (HF, "Group revenue rose to £412.6 million from £378.9 million a year earlier")],
     rs=["Pinecrest: (84.2 - 71.5) / 71.5 = 17.8 percent.",
         "Harrowgate: (412.6 - 378.9) / 378.9 = 8.9 percent.",
         "17.8 / 8.9 = 2.0, so Pinecrest's growth was roughly double."],
     code="print(round((84.2 - 71.5) / 71.5 * 100, 1))\nprint(round((412.6 - 378.9) / 378.9 * 100, 1))",
     conf=0.8, note="two documents, two derived percentages")

bad("arithmetic_error", "ps-growth", "treats the $12.7m increase as a 12.7 percent growth rate; code prints the difference, not a percentage",
    claim="Pinecrest's third-quarter revenue grew 12.7 percent year on year to $84.2m.",
    rs=["Third-quarter revenue was $84.2 million against $71.5 million a year earlier.",
        "84.2 - 71.5 = 12.7, so revenue grew 12.7 percent."],
    code="print(round(84.2 - 71.5, 1))")
bad("duplicate", "ps-growth", "paraphrase of the accepted Pinecrest growth claim",
    claim="Year on year, Pinecrest's Q3 sales climbed from $71.5m to $84.2m, an increase of 17.8%.")
bad("wrong_source", "ps-growth", "Pinecrest quote cited as the Harrowgate document",
    ev=[(HF, "Revenue for the quarter was $84.2 million, up from $71.5 million in the same quarter a year ago.")])
bad("code_mismatch", "ps-subshare", "code computes the services share (20.5) instead of the subscription share",
    code="print(round(17.3 / 84.2 * 100, 1))")
bad("swapped_entity", "ps-subshare", "subscription and services revenue swapped within one sentence",
    claim="Pinecrest's subscription revenue was $17.3 million and its professional services revenue $66.9 million in the third quarter.",
    rs=["The results split revenue into two lines.", "Subscriptions were $17.3 million and services $66.9 million."], code=None)
bad("broken_reasoning", "ps-subshare", "second step divides the customer count by subscription revenue; it does not yield the share",
    rs=["Subscription revenue was $66.9 million.",
        "Paying customers reached 5,260, and 5,260 / 66.9 is about 79, so subscriptions were 79.5 percent of revenue."])
bad("contradiction", "ps-margin", "'hosted rather than on-premises' reversed",
    claim="Pinecrest's gross margin rose to 78% because more customers moved to the on-premises licence rather than the hosted version.",
    rs=["Gross margin went from 74% to 78%.", "The improvement came from customers moving to the on-premises licence instead of the hosted version."],
    code=None)
bad("unsupported_generalisation", "ps-margin", "'more customers moved' generalised to 'all customers'",
    claim="All of Pinecrest's customers have now moved to the hosted version of the product.",
    rs=["Gross margin improved because customers moved to the hosted version.", "Therefore every customer now uses the hosted version."],
    code=None, conf=0.7)
bad("altered_number", "ps-large", "312 changed to 321",
    claim="Pinecrest had 321 customers with annual contracts above $100,000, up from 254.",
    rs=["The document gives the count of customers with contracts above $100,000.", "It rose from 254 to 321."], code=None)
bad("fabricated_quote", "ps-large", "quote invented (the document does not give 22.8 percent or this wording)",
    ev=[(PS, "The number of customers paying more than $100,000 a year grew 22.8 percent to 312.")])
bad("wrong_answer", None, "answers with the quarter's revenue rather than the full-year guidance ($325m-$330m)",
    q="What full-year revenue guidance did Pinecrest give?",
    ref="Between $325 million and $330 million.",
    claim="Pinecrest's guidance points to revenue of $84.2 million.",
    ev=[(PS, "Revenue for the quarter was $84.2 million, up from $71.5 million in the same quarter a year ago.")],
    rs=["Pinecrest reported revenue of $84.2 million.", "That is the revenue figure the company gave."],
    code=None, conf=0.7)
bad("contradiction", "ps-nolayoffs", "negation dropped: the company had NOT made layoffs",
    claim="Pinecrest made layoffs during the year but still plans to hire about 120 engineers.",
    rs=["Albright discussed staffing.", "The company made layoffs during the year while planning to hire about 120 engineers."])
bad("wrong_source", "mx-growth", "Harrowgate quote cited as the Pinecrest document and vice versa",
    ev=[(HF, "Revenue for the quarter was $84.2 million, up from $71.5 million in the same quarter a year ago."),
        (PS, "Group revenue rose to £412.6 million from £378.9 million a year earlier")])

# ---------------------------------------------------------------- Northmoor flu survey
good("nf-risk",
     q="What was the most common reason Northmoor adults gave for not getting a flu vaccine?",
     ref="They did not think they were at risk (about a third of the unvaccinated).",
     claim="32.4 percent of unvaccinated Northmoor respondents (412 of 1,272) said they did not think they were at risk, the most common reason for not being vaccinated.",
     ev=[(NF, "The most common reason for not being vaccinated, given by 412 of the 1,272 unvaccinated respondents, was that they did not think they were at risk.")],
     rs=["412 of the 1,272 unvaccinated respondents gave this reason.", "412 / 1,272 = 0.324, i.e. 32.4 percent.",
         "The document says it was the most common reason."],
     code="print(round(412 / 1272 * 100, 1))", sources=[NF, GV],
     note="percentage of a subgroup computed from two figures")
good("nf-admissions",
     q="Did flu admissions in Northmoor fall, and was vaccination the reason?",
     ref="They fell from 2,610 to 1,930 (about 26%), but not necessarily because of vaccination: the strain was milder.",
     claim="Flu admissions to Northmoor hospitals fell 26.1 percent, from 2,610 to 1,930, but the observatory said vaccination was not necessarily the cause because the strain was milder.",
     ev=[(NF, "Laboratory-confirmed influenza admissions to Northmoor hospitals totalled 1,930 during the season, compared with 2,610 the previous winter."),
         (NF, "The observatory cautioned that the fall in admissions was not necessarily caused by vaccination, because the circulating strain was milder.")],
     rs=["Admissions were 1,930 this season against 2,610 the previous winter.",
         "(2,610 - 1,930) / 2,610 = 680 / 2,610 = 0.261, a fall of 26.1 percent.",
         "The observatory cautioned that vaccination was not necessarily the cause, because the strain was milder."],
     code="print(round((2610 - 1930) / 2610 * 100, 1))", conf=0.87)
good("nf-age",
     q="How did flu vaccine uptake vary by age in Northmoor?",
     ref="From 21% among 18-34s to 78% among those 65 and over.",
     claim="Flu vaccine uptake in Northmoor ranged from 21 percent among 18- to 34-year-olds to 78 percent among people aged 65 and over.",
     ev=[(NF, "Uptake was highest among people aged 65 and over, at 78 percent, and lowest among those aged 18 to 34, at 21 percent.")],
     rs=["Uptake was highest among those 65 and over, at 78 percent.", "It was lowest among 18 to 34 year olds, at 21 percent."],
     conf=0.93, note="highest/lowest restated as a range")
good("nf-condition",
     q="Were adults with long-term conditions more likely to be vaccinated against flu?",
     ref="Yes: 61% versus 39%.",
     claim="Adults with a long-term condition had flu vaccine uptake 22 points higher than adults without one: 61 percent vs 39 percent.",
     ev=[(NF, "Among adults with a long-term health condition, uptake was 61 percent, compared with 39 percent among adults without such a condition.")],
     rs=["Uptake was 61 percent with a long-term condition and 39 percent without.", "61 - 39 = 22 percentage points."],
     code="print(61 - 39)", note="'compared with' -> 'vs'; difference in points")
good("nf-gp",
     q="Who delivered most flu vaccinations in Northmoor?",
     ref="General practices (55 percent).",
     claim="General practices gave 55 percent of Northmoor's flu vaccinations, more than pharmacies (36 percent) and workplace clinics (9 percent) combined.",
     ev=[(NF, "Pharmacies delivered 36 percent of all vaccinations, general practices 55 percent and workplace clinics the remaining 9 percent.")],
     rs=["General practices delivered 55 percent.", "Pharmacies and workplace clinics together delivered 36 + 9 = 45 percent, which is less than 55."],
     conf=0.9)
good("mx-health",
     q="How does Greyfield's MMR coverage compare with Northmoor's flu vaccine uptake?",
     ref="Greyfield's 93.8% MMR coverage is roughly twice Northmoor's 47% flu uptake.",
     claim="Greyfield's 93.8 percent two-dose MMR coverage by the end of 2021 was about 2.0 times the 47 percent flu vaccine uptake found in Northmoor's 2023-2024 survey.",
     ev=[(GV, "By the end of 2021 the figure had risen to 93.8 percent, close to the 95 percent level that the World Health Organization recommends for herd immunity."),
         (NF, "Of those surveyed, 1,128 said they had received a flu vaccine that season, which is 47 percent.")],
     rs=["Greyfield's MMR coverage reached 93.8 percent by the end of 2021.", "Northmoor's flu uptake was 47 percent.",
         "93.8 / 47 = 2.0."],
     code="print(round(93.8 / 47, 1))", conf=0.78, note="two documents; ratio")

bad("arithmetic_error", "nf-risk", "412/1,272 is 32.4%, not 34.2%; the code prints 32.4",
    claim="34.2 percent of unvaccinated Northmoor respondents (412 of 1,272) said they did not think they were at risk, the most common reason for not being vaccinated.",
    rs=["412 of the 1,272 unvaccinated respondents gave this reason.", "412 / 1,272 = 0.342, i.e. 34.2 percent."])
bad("arithmetic_error", "nf-risk", "uses all 2,400 respondents as the base for a share of the unvaccinated (17.2% instead of 32.4%); code repeats it",
    claim="17.2 percent of unvaccinated Northmoor respondents said they did not think they were at risk, the most common reason for not being vaccinated.",
    rs=["412 respondents gave this reason.", "412 / 2,400 = 0.172, i.e. 17.2 percent of the unvaccinated."],
    code="print(round(412 / 2400 * 100, 1))")
bad("fabricated_quote", "nf-risk", "quote invented; the document gives 412 of 1,272, not 'about a third of unvaccinated adults'",
    ev=[(NF, "About a third of unvaccinated adults said they did not think they were at risk of flu.")])
bad("wrong_source", "nf-risk", "Northmoor quote attributed to the Greyfield document",
    ev=[(GV, "The most common reason for not being vaccinated, given by 412 of the 1,272 unvaccinated respondents, was that they did not think they were at risk.")])
bad("contradiction", "nf-admissions", "the observatory said the fall was NOT necessarily caused by vaccination",
    claim="The observatory attributed the 26.1 percent fall in Northmoor's flu admissions to vaccination.",
    rs=["Admissions fell from 2,610 to 1,930, a fall of 26.1 percent.", "The observatory credited vaccination for the fall."])
bad("altered_number", "nf-admissions", "1,930 changed to 1,390",
    claim="Flu admissions to Northmoor hospitals fell from 2,610 the previous winter to 1,390 in 2023-2024.",
    rs=["Admissions were 2,610 the previous winter.", "They fell to 1,390 this season."], code=None)
bad("broken_reasoning", "nf-admissions", "step 2 equates vaccine uptake with the fall in admissions and contradicts the observatory's caution",
    rs=["Admissions were 1,930 this season against 2,610 the previous winter.",
        "Because 47 percent of adults were vaccinated, admissions must have fallen by 47 percent, which proves vaccination caused the fall.",
        "(2,610 - 1,930) / 2,610 = 0.261, a fall of 26.1 percent."])
bad("swapped_entity", "nf-age", "age groups' uptake figures swapped",
    claim="Flu vaccine uptake in Northmoor was 78 percent among 18- to 34-year-olds and 21 percent among people aged 65 and over.",
    rs=["The survey reports uptake by age.", "Younger adults, 18 to 34, had 78 percent and those 65 and over had 21 percent."])
bad("unsupported_generalisation", "nf-age", "the document only gives the highest and lowest groups; 'increases steadily across every age group' is not supported",
    claim="Flu vaccine uptake in Northmoor rises steadily with every older age group, from 21 percent among 18- to 34-year-olds to 78 percent among those 65 and over.",
    rs=["The lowest uptake was 21 percent among 18 to 34 year olds and the highest 78 percent among those 65 and over.",
        "So uptake goes up with each successive age band."], conf=0.75)
bad("swapped_entity", "nf-condition", "with/without a long-term condition swapped",
    claim="Adults without a long-term condition had flu vaccine uptake of 61 percent, against 39 percent among adults with one.",
    rs=["The survey compares adults with and without long-term conditions.", "Those without a condition: 61 percent; those with: 39 percent."],
    code=None)
bad("code_mismatch", "nf-condition", "code adds instead of subtracting and prints 100, not 22",
    code="print(61 + 39)")
bad("wrong_answer", "nf-gp", "answers 'pharmacies'; the reference answer is general practices",
    claim="Pharmacies delivered 36 percent of Northmoor's flu vaccinations.",
    rs=["The survey breaks down who delivered vaccinations.", "Pharmacies delivered 36 percent."])
bad("duplicate", "nf-gp", "paraphrase of the accepted GP-share claim",
    claim="In Northmoor, GP surgeries administered 55% of flu jabs, a bigger share than pharmacies and workplace clinics put together.")
bad("code_mismatch", "mx-health", "code divides by 36 (pharmacy share) and prints 2.6, not 2.0",
    code="print(round(93.8 / 36, 1))")
bad("wrong_source", "mx-health", "Greyfield and Northmoor quotes cited to each other's documents",
    ev=[(NF, "By the end of 2021 the figure had risen to 93.8 percent, close to the 95 percent level that the World Health Organization recommends for herd immunity."),
        (GV, "Of those surveyed, 1,128 said they had received a flu vaccine that season, which is 47 percent.")])

# ---------------------------------------------------------------- Kestrel Valley rainfall
good("kv-autumn",
     q="What share of Kestrel Valley's 2023 rainfall fell in autumn?",
     ref="About 39 percent (412.6 of 1,061 millimetres).",
     claim="Autumn 2023 (September to November) delivered 38.9 percent of Kestrel Valley's 1,061 millimetres of rain.",
     ev=[(KV, "The Kestrel Valley weather station recorded 1,061 mm of rainfall in 2023"),
         (KV, "Autumn (September to November) brought 412.6 mm of rain, which is more than a third of the annual total.")],
     rs=["Annual rainfall was 1,061 mm.", "Autumn brought 412.6 mm.", "412.6 / 1,061 = 0.389, or 38.9 percent."],
     code="print(round(412.6 / 1061.0 * 100, 1))", sources=[KV, AH],
     note="'mm' in the quote, 'millimetres' in the claim; share computed")
good("kv-above",
     q="How did Kestrel Valley's 2023 rainfall compare with the long-term average?",
     ref="It was 177 mm (about 20%) above the 1991-2020 average of 884 mm.",
     claim="Kestrel Valley's 2023 rainfall of 1,061 millimetres was 177 millimetres, or 20.0 percent, above its 1991-2020 average.",
     ev=[(KV, "The Kestrel Valley weather station recorded 1,061 mm of rainfall in 2023, well above its 1991-2020 average of 884 mm.")],
     rs=["Rainfall was 1,061 mm against an average of 884 mm.", "1,061 - 884 = 177 mm.", "177 / 884 = 0.200, i.e. 20.0 percent above average."],
     code="print(1061 - 884)\nprint(round((1061 - 884) / 884 * 100, 1))",
     note="range '1991-2020' kept; two derived figures")
good("kv-range",
     q="What was the spread between the highest and lowest temperatures at Kestrel Valley in 2023?",
     ref="38 degrees: from -6.8 °C to 31.2 °C.",
     claim="Temperatures at the Kestrel Valley station in 2023 spanned 38.0 degrees Celsius, from -6.8 degrees Celsius on 17 January to 31.2 degrees Celsius on 10 September.",
     ev=[(KV, "The highest temperature of the year, 31.2 °C, was recorded on 10 September, while the lowest was -6.8 °C on 17 January.")],
     rs=["The maximum was 31.2 °C on 10 September and the minimum -6.8 °C on 17 January.", "31.2 - (-6.8) = 38.0 degrees."],
     code="print(round(31.2 - (-6.8), 1))", note="'°C' vs 'degrees Celsius'; subtraction with a negative number")
good("kv-flood",
     q="Why did the river Kestrel flood in late 2023?",
     ref="The ground was already saturated after a wet October.",
     claim="The river Kestrel flooded twice, in November and December 2023, because a wet October had left the ground saturated.",
     ev=[(KV, "The river Kestrel burst its banks twice, in November and December, because the ground was already saturated after a wet October.")],
     rs=["The river burst its banks in November and December.", "The document gives the cause: ground already saturated after a wet October."],
     conf=0.92, note="cause restated in different words")
good("kv-nosnow",
     q="Did snow settle at the Kestrel Valley station in December 2023?",
     ref="No.",
     claim="No snow settled at the Kestrel Valley station in December 2023, and snow fell on only three days all year.",
     ev=[(KV, "Snow fell on only three days, and no snow settled at the station during December.")],
     rs=["The summary says snow fell on only three days.", "It also says no snow settled during December."], conf=0.9)
good("kv-mean",
     q="What is Kestrel Valley's long-term average temperature?",
     ref="9.5 degrees Celsius",
     claim="Kestrel Valley's long-term mean temperature is 9.5 °C, since 2023's mean of 10.4 °C was 0.9 °C above it.",
     ev=[(KV, "The mean annual temperature was 10.4 °C, which is 0.9 °C above the long-term average.")],
     rs=["The 2023 mean was 10.4 °C.", "That was 0.9 °C above the long-term average.", "So the average is 10.4 - 0.9 = 9.5 °C."],
     code="print(round(10.4 - 0.9, 1))", note="figure derived by subtraction; reference uses 'degrees Celsius'")

bad("arithmetic_error", "kv-autumn", "412.6/1,061 is 38.9%, not 36.9%; the code prints 38.9",
    claim="Autumn 2023 (September to November) delivered 36.9 percent of Kestrel Valley's 1,061 millimetres of rain.",
    rs=["Annual rainfall was 1,061 mm.", "Autumn brought 412.6 mm.", "412.6 / 1,061 = 0.369, or 36.9 percent."])
bad("code_mismatch", "kv-autumn", "code divides by the 884 mm average and prints 46.7, not 38.9",
    code="print(round(412.6 / 884 * 100, 1))")
bad("duplicate", "kv-autumn", "paraphrase of the accepted autumn-share claim",
    claim="Some 38.9% of the 1,061 mm of rain recorded at Kestrel Valley in 2023 fell between September and November.")
bad("wrong_source", "kv-autumn", "Kestrel quote cited as the Aldercombe heatwave document",
    ev=[(KV, "The Kestrel Valley weather station recorded 1,061 mm of rainfall in 2023"),
        (AH, "Autumn (September to November) brought 412.6 mm of rain, which is more than a third of the annual total.")])
bad("altered_number", "kv-above", "average changed from 884 mm to 848 mm",
    claim="Kestrel Valley's 2023 rainfall of 1,061 mm was well above its 1991-2020 average of 848 mm.",
    rs=["Rainfall was 1,061 mm.", "The 1991-2020 average is 848 mm."], code=None)
bad("arithmetic_error", "kv-above", "percentage computed on the 2023 total (16.7%) instead of the average (20.0%); the code prints 20.0",
    claim="Kestrel Valley's 2023 rainfall of 1,061 millimetres was 177 millimetres, or 16.7 percent, above its 1991-2020 average.",
    rs=["Rainfall was 1,061 mm against an average of 884 mm.", "1,061 - 884 = 177 mm.", "177 / 1,061 = 0.167, i.e. 16.7 percent above average."])
bad("wrong_answer", None, "the 58 mm fell on one day (14 November); the month total was 187 mm",
    q="How much rain fell at Kestrel Valley in November 2023?",
    ref="187 mm",
    claim="58 mm of rain fell at Kestrel Valley in November 2023.",
    ev=[(KV, "On 14 November alone, 58 mm fell in twenty-four hours, the highest daily total since records began at the station in 1962.")],
    rs=["The summary reports rain in November.", "58 mm fell in November."], code=None, conf=0.8)
bad("swapped_entity", "kv-range", "dates of the highest and lowest temperatures swapped",
    claim="Kestrel Valley's highest temperature of 2023, 31.2 degrees Celsius, came on 17 January, and its lowest, -6.8 degrees Celsius, on 10 September.",
    rs=["The summary gives the year's extremes and their dates.", "31.2 °C on 17 January and -6.8 °C on 10 September."], code=None)
bad("contradiction", "kv-flood", "cause and effect swapped: saturated ground caused the flooding, not the reverse",
    claim="The ground around the Kestrel was saturated in late 2023 because the river burst its banks in November and December.",
    rs=["The river burst its banks in November and December.", "That flooding is what saturated the ground."])
bad("fabricated_quote", "kv-flood", "quote altered ('a very wet autumn' instead of 'a wet October'); not in the document",
    ev=[(KV, "The Kestrel flooded in November and December because the ground was saturated after a very wet autumn.")])
bad("contradiction", "kv-nosnow", "negation dropped: no snow settled in December",
    claim="Snow settled at the Kestrel Valley station in December 2023.",
    rs=["The summary mentions snow.", "Snow settled at the station during December."])
bad("unsupported_generalisation", "kv-nosnow", "'no snow settled during December' widened to the whole year",
    claim="No snow settled at the Kestrel Valley station at any time in 2023.",
    rs=["Snow fell on only three days.", "No snow settled in December, so none settled all year."])
bad("broken_reasoning", "kv-mean", "the step adds the anomaly yet states 9.5; the arithmetic shown does not lead to the claim",
    rs=["The 2023 mean was 10.4 °C.", "The long-term average is found by adding the anomaly: 10.4 + 0.9 = 9.5 °C."])

# ---------------------------------------------------------------- Aldercombe heatwave
good("ah-record",
     q="By how much did Aldercombe's July 2022 peak temperature beat the previous record?",
     ref="By 2.8 degrees Celsius (38.7 versus 35.9).",
     claim="Aldercombe's 38.7 degrees Celsius on 19 July 2022 beat the previous record of 35.9 degrees, set in August 1990, by 2.8 degrees.",
     ev=[(AH, "The peak temperature of 38.7 °C was measured on 19 July at the Aldercombe airfield, breaking the previous record of 35.9 °C set in August 1990.")],
     rs=["The new peak was 38.7 °C.", "The previous record was 35.9 °C.", "38.7 - 35.9 = 2.8 degrees."],
     code="print(round(38.7 - 35.9, 1))", sources=[AH, KV], note="'°C' written 'degrees Celsius'")
good("ah-demand",
     q="How much did electricity demand rise during the Aldercombe heatwave, and why?",
     ref="The hourly peak reached 1.84 GWh, about 40% above the usual 1.31 GWh, mainly because of air conditioning.",
     claim="Peak hourly electricity demand in Aldercombe on 19 July 2022 was 1.84 GWh, 40.5 percent above the typical summer peak of 1.31 GWh, mainly because of air-conditioning.",
     ev=[(AH, "Electricity demand on the local network peaked at 1.84 GWh in a single hour on 19 July, compared with a typical summer peak of 1.31 GWh, mainly because of air-conditioning use.")],
     rs=["Demand peaked at 1.84 GWh against a typical summer peak of 1.31 GWh.", "(1.84 - 1.31) / 1.31 = 0.405, i.e. 40.5 percent higher.", "The document attributes this mainly to air-conditioning."],
     code="print(round((1.84 - 1.31) / 1.31 * 100, 1))")
good("ah-storm",
     q="What happened in Aldercombe on 20 July 2022?",
     ref="A thunderstorm with 87 km/h gusts and 34 mm of rain caused flash flooding in the lower town.",
     claim="A thunderstorm on 20 July 2022 brought 34 millimetres of rain in under two hours and gusts of 87 kilometres per hour, causing flash flooding in Aldercombe's lower town.",
     ev=[(AH, "On 20 July a thunderstorm brought gusts of 87 km/h and 34 mm of rain in under two hours, causing flash flooding in the lower town.")],
     rs=["On 20 July a thunderstorm struck.", "It brought 34 mm of rain in under two hours and gusts of 87 km/h.", "It caused flash flooding in the lower town."],
     conf=0.93, note="'mm'/'km/h' spelled out as 'millimetres'/'kilometres per hour'")
good("ah-cooling",
     q="How many cooling centres did Aldercombe's council open?",
     ref="Four, twice the two it had planned.",
     claim="Aldercombe's council opened four cooling centres during the heatwave instead of the two it had planned.",
     ev=[(AH, "The council opened four cooling centres rather than the two it had planned.")],
     rs=["The council had planned two cooling centres.", "It opened four instead."], conf=0.95,
     note="'rather than' paraphrased as 'instead of'")
good("ah-water",
     q="How much did water use rise during the Aldercombe heatwave?",
     ref="To 41 million litres a day, about 28% above the normal 32 million.",
     claim="Daily water use in Aldercombe rose to 41 million litres during the heatwave, 28.1 percent above the normal July level of 32 million litres.",
     ev=[(AH, "Water use rose to 41 million litres per day, against a normal July figure of 32 million litres.")],
     rs=["Water use reached 41 million litres a day.", "The normal July figure is 32 million litres.", "(41 - 32) / 32 = 9 / 32 = 0.281, i.e. 28.1 percent."],
     code="print(round((41 - 32) / 32 * 100, 1))")
good("ah-hospital",
     q="How did heat-related hospital attendances during the heatwave compare with the previous year?",
     ref="146 attendances versus 22, about six and a half times as many.",
     claim="Aldercombe's hospital saw 146 heat-related attendances over the six days of the heatwave vs 22 in the same week of 2021, about 6.6 times as many.",
     ev=[(AH, "The local hospital reported 146 heat-related attendances during the six days, versus 22 in the same week of 2021.")],
     rs=["There were 146 heat-related attendances during the six days.", "There were 22 in the same week of 2021.", "146 / 22 = 6.6."],
     code="print(round(146 / 22, 1))", note="'versus' -> 'vs'; ratio")
good("ah-nohosepipe",
     q="Was a hosepipe ban imposed in Aldercombe during the heatwave?",
     ref="No; reservoirs had been 84% full at the start of the month.",
     claim="No hosepipe ban was imposed in Aldercombe, the water company saying its reservoirs had been 84 percent full at the start of July.",
     ev=[(AH, "The water company did not impose a hosepipe ban, saying its reservoirs had been 84 percent full at the start of the month.")],
     rs=["The water company did not impose a hosepipe ban.", "It said reservoirs were 84 percent full at the start of the month (July)."], conf=0.9)

bad("altered_number", "ah-record", "previous record changed from 35.9 °C to 36.9 °C",
    claim="Aldercombe's peak of 38.7 °C on 19 July 2022 broke the previous record of 36.9 °C set in August 1990.",
    rs=["The new peak was 38.7 °C.", "The previous record was 36.9 °C, set in August 1990."], code=None)
bad("arithmetic_error", "ah-record", "38.7 - 35.9 is 2.8, not 3.8; the code prints 2.8",
    claim="Aldercombe's 38.7 degrees Celsius on 19 July 2022 beat the previous record of 35.9 degrees, set in August 1990, by 3.8 degrees.",
    rs=["The new peak was 38.7 °C.", "The previous record was 35.9 °C.", "38.7 - 35.9 = 3.8 degrees."])
bad("wrong_source", "ah-record", "Aldercombe quote cited as the Kestrel Valley document",
    ev=[(KV, "The peak temperature of 38.7 °C was measured on 19 July at the Aldercombe airfield, breaking the previous record of 35.9 °C set in August 1990.")])
bad("code_mismatch", "ah-demand", "code prints the ratio as a percentage (140.5), not the 40.5 percent increase",
    code="print(round(1.84 / 1.31 * 100, 1))")
bad("unsupported_generalisation", "ah-demand", "one peak hour generalised to every hour of the heatwave",
    claim="Electricity demand in Aldercombe stayed above 1.8 GWh in every hour of the July 2022 heatwave.",
    rs=["Demand peaked at 1.84 GWh in a single hour on 19 July.", "So demand was above 1.8 GWh throughout the heatwave."], code=None)
bad("swapped_entity", "ah-storm", "rainfall and gust figures swapped",
    claim="A thunderstorm on 20 July 2022 brought 87 millimetres of rain in under two hours and gusts of 34 kilometres per hour, causing flash flooding in Aldercombe's lower town.",
    rs=["On 20 July a thunderstorm struck.", "It brought 87 mm of rain and gusts of 34 km/h.", "It caused flash flooding in the lower town."])
bad("contradiction", None, "low winds let heat build up; the claim says strong winds drove heat in",
    q="Why did heat build up in Aldercombe town centre?",
    ref="Because wind speeds stayed low (rarely above 15 km/h).",
    claim="Strong winds of more than 15 km/h blew hot air into Aldercombe town centre throughout the heatwave.",
    ev=[(AH, "Wind speeds remained low, rarely exceeding 15 km/h, which meant heat built up in the town centre.")],
    rs=["The document discusses wind speeds of 15 km/h.", "Winds above that speed carried heat into the town centre."],
    code=None, conf=0.7)
bad("contradiction", "ah-cooling", "'four rather than two' reversed",
    claim="Aldercombe's council opened only two cooling centres rather than the four it had planned.",
    rs=["The council planned four cooling centres.", "It opened two."])
bad("wrong_answer", "ah-cooling", "gives the planned number (two), not the number opened (four)",
    claim="Aldercombe's council had planned to open two cooling centres.",
    rs=["The document mentions the council's plan.", "The plan was for two cooling centres."], conf=0.8)
bad("arithmetic_error", "ah-water", "increase divided by 41 instead of 32 (22.0% instead of 28.1%); the code prints 28.1",
    claim="Daily water use in Aldercombe rose to 41 million litres during the heatwave, 22.0 percent above the normal July level of 32 million litres.",
    rs=["Water use reached 41 million litres a day.", "The normal July figure is 32 million litres.", "(41 - 32) / 41 = 0.220, i.e. 22.0 percent."])
bad("duplicate", "ah-hospital", "paraphrase of the accepted hospital-attendance claim",
    claim="Heat-related hospital visits in Aldercombe during the six-day heatwave reached 146, roughly 6.6 times the 22 seen in the same week a year earlier.")
bad("broken_reasoning", "ah-hospital", "the ratio is 'derived' from the heatwave length and peak temperature, a non sequitur",
    rs=["There were 146 heat-related attendances during the heatwave.",
        "The heatwave lasted six days and peaked at 38.7 °C, so attendances were 6.6 times higher than a year earlier."])
bad("fabricated_quote", "ah-nohosepipe", "quote paraphrased; the wording is not in the document",
    ev=[(AH, "The water company said a hosepipe ban was unnecessary because its reservoirs were 84 percent full.")])
bad("contradiction", "ah-nohosepipe", "the water company did NOT impose a hosepipe ban",
    claim="The water company imposed a hosepipe ban in Aldercombe even though its reservoirs had been 84 percent full.",
    rs=["The document discusses a hosepipe ban.", "A ban was imposed despite reservoirs being 84 percent full."])

# ---------------------------------------------------------------- Brackenford Rovers
good("br-points",
     q="How many points did Brackenford Rovers gain in 2022-23 compared with 2021-22?",
     ref="71 points, 13 more than the 58 of 2021-22.",
     claim="Brackenford Rovers' 20 wins and 11 draws in 2022-23 gave them 71 points, 13 more than in 2021-22.",
     ev=[(BR, "They won 20 games, drew 11 and lost 15."),
         (BR, "Brackenford Rovers finished the 2022-23 league season in fourth place with 71 points from 46 matches."),
         (BR, "In the previous season, 2021-22, Rovers had finished 11th with 58 points.")],
     rs=["Rovers won 20 and drew 11: 20 x 3 + 11 = 71 points, matching the stated total.", "In 2021-22 they had 58 points.", "71 - 58 = 13."],
     code="print(20 * 3 + 11)\nprint(71 - 58)", sources=[BR, AL],
     note="multiplication 'x' in reasoning; season ranges 2021-22/2022-23")
good("br-reddy",
     q="What share of Brackenford Rovers' league goals did their top scorer score in 2022-23?",
     ref="About 28 percent (19 of 68).",
     claim="Callum scored 19 of Brackenford Rovers' 68 league goals in 2022-23, 27.9 percent of the team's total.",
     ev=[(BR, "Striker Callum Reddy was the club's top scorer with 19 league goals, followed by midfielder Tomasz Wolak with 11."),
         (BR, "The team scored 68 goals and conceded 54.")],
     rs=["Callum Reddy scored 19 league goals.", "The team scored 68.", "19 / 68 = 0.279, i.e. 27.9 percent."],
     code="print(round(19 / 68 * 100, 1))", sources=[BR, AL],
     note="first name only in the claim; the document gives the full name")
good("br-attendance",
     q="Why did Brackenford Rovers' home attendance rise in 2022-23, and by how much?",
     ref="By about 17.7% to 8,412, because season ticket prices were cut by 15 percent.",
     claim="Average home attendance at Brackenford Rovers rose 17.7 percent to 8,412 in 2022-23 after the club cut season ticket prices by 15 percent.",
     ev=[(BR, "Average home attendance was 8,412, up from 7,150 the previous season, because the club reduced season ticket prices by 15 percent.")],
     rs=["Attendance rose from 7,150 to 8,412.", "(8,412 - 7,150) / 7,150 = 1,262 / 7,150 = 0.177, i.e. 17.7 percent.",
         "The document attributes the rise to a 15 percent cut in season ticket prices."],
     code="print(round((8412 - 7150) / 7150 * 100, 1))")
good("br-marsh",
     q="Did Brackenford's goalkeeper miss any league matches in 2022-23?",
     ref="No; Jonah Marsh played in every league match.",
     claim="Jonah Marsh played in every one of Brackenford Rovers' league matches in 2022-23 and kept 14 clean sheets.",
     ev=[(BR, "Goalkeeper Jonah Marsh kept 14 clean sheets and did not miss a single league match.")],
     rs=["Marsh kept 14 clean sheets.", "He did not miss a single league match, i.e. he played in all of them."],
     conf=0.93, note="negation ('did not miss a single') restated positively")
good("br-range",
     q="How did Brackenford Rovers' league position change between 2021-22 and 2022-23?",
     ref="They rose from 11th to fourth.",
     claim="Brackenford Rovers climbed from 11th place with 58 points in 2021-22 to fourth with 71 points in 2022-23.",
     ev=[(BR, "In the previous season, 2021-22, Rovers had finished 11th with 58 points."),
         (BR, "Brackenford Rovers finished the 2022-23 league season in fourth place with 71 points from 46 matches.")],
     rs=["In 2021-22 Rovers were 11th with 58 points.", "In 2022-23 they were fourth with 71 points."], conf=0.92)
good("br-reddy-leaves",
     q="What did Callum Reddy do when his Brackenford contract expired?",
     ref="He joined Ashby Town on a free transfer instead of signing a new deal with Rovers.",
     claim="Reddy turned down the new deal Brackenford Rovers offered him and joined Ashby Town on a free transfer when his contract expired.",
     ev=[(BR, "Reddy, whose contract expired at the end of the season, joined Ashby Town on a free transfer rather than signing the new deal Rovers had offered him.")],
     rs=["Reddy's contract expired at the end of the season.", "He joined Ashby Town on a free transfer rather than signing Rovers' new deal."],
     conf=0.88, note="surname only; 'rather than signing' -> 'turned down'")
good("br-gd",
     q="What was Brackenford Rovers' goal difference in 2022-23?",
     ref="Plus 14",
     claim="Brackenford Rovers finished the 2022-23 league season with a goal difference of +14, having scored 68 and conceded 54.",
     ev=[(BR, "The team scored 68 goals and conceded 54.")],
     rs=["Rovers scored 68 and conceded 54.", "68 - 54 = 14."],
     code="print(68 - 54)", note="reference answer written in words")

bad("arithmetic_error", "br-points", "71 - 58 is 13, not 15; the code prints 13",
    claim="Brackenford Rovers' 20 wins and 11 draws in 2022-23 gave them 71 points, 15 more than in 2021-22.",
    rs=["Rovers won 20 and drew 11: 20 x 3 + 11 = 71 points.", "In 2021-22 they had 58 points.", "71 - 58 = 15."])
bad("altered_number", "br-points", "2021-22 points changed from 58 to 56",
    claim="Brackenford Rovers earned 71 points in 2022-23, up from 56 in 2021-22.",
    rs=["Rovers had 71 points in 2022-23.", "In 2021-22 they had 56 points."], code=None)
bad("wrong_answer", "br-points", "gives the 2021-22 finishing position, not 2022-23's fourth place",
    q="Where did Brackenford Rovers finish in the 2022-23 league season?",
    ref="Fourth",
    claim="Brackenford Rovers finished in 11th place with 58 points.",
    ev=[(BR, "In the previous season, 2021-22, Rovers had finished 11th with 58 points.")],
    rs=["The document gives Rovers' finishing position.", "They finished 11th with 58 points."], code=None)
bad("swapped_entity", "br-reddy", "top scorer and runner-up swapped (roles and tallies)",
    claim="Tomasz Wolak was Brackenford Rovers' top scorer in 2022-23 with 19 league goals, ahead of Callum Reddy with 11.",
    rs=["The document lists the club's leading scorers.", "Wolak scored 19 and Reddy 11."], code=None)
bad("code_mismatch", "br-reddy", "code computes Reddy's home-goal share (63.2) instead of his share of team goals",
    code="print(round(12 / 19 * 100, 1))")
bad("wrong_source", "br-reddy", "Brackenford quote cited as the Lindqvist biography",
    ev=[(AL, "Striker Callum Reddy was the club's top scorer with 19 league goals, followed by midfielder Tomasz Wolak with 11."),
        (BR, "The team scored 68 goals and conceded 54.")])
bad("code_mismatch", "br-attendance", "code divides by the new attendance and prints 15.0, not 17.7",
    code="print(round((8412 - 7150) / 8412 * 100, 1))")
bad("contradiction", "br-attendance", "cause and effect reversed: the price cut caused the attendance rise",
    claim="Brackenford Rovers cut season ticket prices by 15 percent because average home attendance had risen to 8,412.",
    rs=["Attendance rose from 7,150 to 8,412.", "The rise in attendance led the club to cut season ticket prices by 15 percent."], code=None)
bad("unsupported_generalisation", "br-marsh", "one season generalised to his whole Brackenford career",
    claim="Jonah Marsh has never missed a league match for Brackenford Rovers.",
    rs=["Marsh did not miss a single league match.", "So he has never missed one for the club."], conf=0.75)
bad("fabricated_quote", "br-marsh", "quote invented ('played all 46 league matches' is not in the document)",
    ev=[(BR, "Goalkeeper Jonah Marsh played all 46 league matches and kept 14 clean sheets.")])
bad("swapped_entity", "br-range", "the two seasons' positions swapped",
    claim="Brackenford Rovers finished fourth in 2021-22 and slipped to 11th in 2022-23.",
    rs=["The document compares the two seasons.", "Rovers were fourth in 2021-22 and 11th in 2022-23."])
bad("contradiction", "br-reddy-leaves", "'rather than' reversed: he did not sign the new deal",
    claim="Reddy signed the new deal Brackenford Rovers offered him rather than joining Ashby Town.",
    rs=["Reddy's contract expired at the end of the season.", "He signed the new Rovers deal instead of moving to Ashby Town."])
bad("duplicate", "br-gd", "paraphrase of the accepted goal-difference claim",
    claim="Scoring 68 times and conceding 54 left Rovers with a +14 goal difference over the 2022-23 league campaign.")
bad("broken_reasoning", "br-gd", "goal difference derived from wins and losses via an invented 'goals per win' rule",
    rs=["Rovers won 20 and lost 15 games.",
        "Each win is worth about three goals, so (20 - 15) x 3 = 15, which rounds to a goal difference of +14."])

# ---------------------------------------------------------------- Annika Lindqvist
good("al-olympics",
     q="How did Annika Lindqvist do at the Olympic Games?",
     ref="Ninth in the road race in Los Angeles (1984) and fourth in Seoul (1988).",
     claim="Annika finished ninth in the Olympic road race at Los Angeles in 1984 and fourth at Seoul in 1988.",
     ev=[(AL, "She competed at two Olympic Games, in Los Angeles in 1984 and Seoul in 1988, finishing ninth and fourth in the road race respectively.")],
     rs=["Annika Lindqvist competed at the 1984 and 1988 Olympics.", "'Respectively' pairs ninth with Los Angeles 1984 and fourth with Seoul 1988."],
     conf=0.9, note="first name only; 'respectively' resolved correctly")
good("al-coaching",
     q="How long did Lindqvist coach the Swedish women's team, and with what results?",
     ref="Thirteen years (1996 to 2009); her riders won 14 international medals.",
     claim="Lindqvist coached the Swedish women's national team for 13 years, 1996-2009, and riders she coached won 14 international medals.",
     ev=[(AL, "From 1996 to 2009 she coached the Swedish women's national team, and riders she coached won 14 international medals.")],
     rs=["She coached the national team from 1996 to 2009.", "2009 - 1996 = 13 years.", "Her riders won 14 international medals."],
     code="print(2009 - 1996)", note="'from 1996 to 2009' written as the range '1996-2009'")
good("al-powermeter",
     q="What did Annika Lindqvist use to judge her effort when racing?",
     ref="Heart rate and feel; she never used a power meter.",
     claim="Annika Lindqvist raced without a power meter, relying on heart rate and feel instead.",
     ev=[(AL, "In a 2016 interview she said she had never used a power meter in her racing career, relying instead on heart rate and feel.")],
     rs=["In a 2016 interview she said she had never used a power meter while racing.", "She relied on heart rate and feel."],
     conf=0.9, note="claim says 'without', quote says 'never used'")
good("al-start",
     q="When and how did Annika Lindqvist start racing?",
     ref="In 1975, aged fourteen, after her uncle Bertil gave her a second-hand racing bicycle.",
     claim="Annika started racing at fourteen, around 1975, after her uncle Bertil gave her a second-hand racing bike.",
     ev=[(AL, "Annika Lindqvist was born in Umeå, Sweden, in 1961 and became one of the most successful road cyclists of her generation."),
         (AL, "She began racing at the age of fourteen after her uncle, Bertil Lindqvist, gave her a second-hand racing bicycle.")],
     rs=["She was born in 1961.", "She began racing at fourteen: 1961 + 14 = 1975.", "Her uncle Bertil Lindqvist gave her the bicycle."],
     code="print(1961 + 14)", sources=[AL, MO], note="first names for both people; year derived")
good("al-physio",
     q="What did Annika Lindqvist do after retiring from racing?",
     ref="She trained as a physiotherapist.",
     claim="After retiring in 1991, Lindqvist retrained as a physiotherapist instead of staying in professional sport.",
     ev=[(AL, "After retiring in 1991, Lindqvist trained as a physiotherapist rather than staying in professional sport.")],
     rs=["She retired in 1991.", "She trained as a physiotherapist rather than staying in professional sport."], conf=0.93)
good("mx-honours",
     q="How many years separate Marguerite Osei's CBE and Annika Lindqvist's Hall of Fame induction?",
     ref="36 years (1979 and 2015).",
     claim="Marguerite Osei was appointed CBE in 1979, 36 years before Annika Lindqvist was inducted into the Swedish Sports Hall of Fame in 2015.",
     ev=[(MO, "She was appointed CBE in 1979."),
         (AL, "Annika Lindqvist was inducted into the Swedish Sports Hall of Fame in 2015.")],
     rs=["Osei was appointed CBE in 1979.", "Lindqvist entered the Hall of Fame in 2015.", "2015 - 1979 = 36."],
     code="print(2015 - 1979)", conf=0.8, note="two biographies, year difference")

bad("swapped_entity", "al-olympics", "'respectively' mis-paired: ninth and fourth swapped between the two Games",
    claim="Annika finished fourth in the Olympic road race at Los Angeles in 1984 and ninth at Seoul in 1988.",
    rs=["Annika Lindqvist competed at the 1984 and 1988 Olympics.", "She was fourth in Los Angeles and ninth in Seoul."])
bad("wrong_answer", "al-olympics", "gives the 1984 ninth place; her best result was fourth in 1988",
    q="What was Annika Lindqvist's best Olympic road race result?",
    ref="Fourth, at Seoul in 1988.",
    claim="Lindqvist finished ninth in the 1984 Olympic road race in Los Angeles.",
    rs=["She raced at the Los Angeles Olympics in 1984.", "She finished ninth there."])
bad("arithmetic_error", "al-coaching", "2009 - 1996 is 13, not 15; the code prints 13",
    claim="Lindqvist coached the Swedish women's national team for 15 years, 1996-2009, and riders she coached won 14 international medals.",
    rs=["She coached the national team from 1996 to 2009.", "2009 - 1996 = 15 years.", "Her riders won 14 international medals."])
bad("code_mismatch", "al-coaching", "code subtracts her retirement year and prints 18, not 13",
    code="print(2009 - 1991)")
bad("altered_number", "al-coaching", "14 medals changed to 41",
    claim="Lindqvist coached the Swedish women's national team for 13 years, 1996-2009, and riders she coached won 41 international medals.",
    rs=["She coached the national team from 1996 to 2009.", "2009 - 1996 = 13 years.", "Her riders won 41 international medals."])
bad("contradiction", "al-powermeter", "she NEVER used a power meter",
    claim="Annika Lindqvist relied on a power meter in her racing career rather than on heart rate and feel.",
    rs=["In a 2016 interview she discussed her training tools.", "She relied on a power meter rather than heart rate."])
bad("fabricated_quote", "al-powermeter", "first-person quote invented; the document reports the interview in indirect speech",
    ev=[(AL, "I never raced with a power meter; I went by heart rate and feel.")])
bad("unsupported_generalisation", None, "six titles in 1983-1991 generalised to 'every year'",
    q="How often did Annika Lindqvist win the Swedish national road race title?",
    ref="Six times between 1983 and 1991.",
    claim="Annika Lindqvist won the Swedish national road race championship every year from 1983 to 1991.",
    ev=[(AL, "Between 1983 and 1991 she won the Swedish national road race championship six times.")],
    rs=["She won the national title between 1983 and 1991.", "So she was champion in each of those years."], code=None, conf=0.8)
bad("broken_reasoning", "al-start", "the start year is 'derived' from her championship wins, a non sequitur",
    rs=["She won the national championship six times between 1983 and 1991.",
        "Six titles in nine years means she must have started racing eight years before 1983, in 1975.",
        "Her uncle Bertil Lindqvist gave her the bicycle."])
bad("wrong_source", "al-start", "Lindqvist quote attributed to the Osei biography",
    ev=[(AL, "Annika Lindqvist was born in Umeå, Sweden, in 1961 and became one of the most successful road cyclists of her generation."),
        (MO, "She began racing at the age of fourteen after her uncle, Bertil Lindqvist, gave her a second-hand racing bicycle.")])
bad("duplicate", "al-physio", "paraphrase of the accepted physiotherapist claim",
    claim="Once she stopped racing in 1991, Lindqvist chose to train as a physiotherapist instead of remaining in professional cycling.")
bad("contradiction", "al-physio", "'rather than' reversed",
    claim="After retiring in 1991, Lindqvist stayed in professional sport rather than training as a physiotherapist.",
    rs=["She retired in 1991.", "She stayed in professional sport instead of retraining."])
bad("wrong_source", "mx-honours", "the two quotes are attributed to each other's biographies",
    ev=[(AL, "She was appointed CBE in 1979."),
        (MO, "Annika Lindqvist was inducted into the Swedish Sports Hall of Fame in 2015.")])

# ---------------------------------------------------------------- Marguerite Osei
good("mo-lab",
     q="How long did Marguerite Osei lead the Tropical Pharmacy Laboratory?",
     ref="26 years, from 1963 to 1989.",
     claim="Marguerite led the Tropical Pharmacy Laboratory for 26 years, from 1963 until she retired in 1989.",
     ev=[(MO, "Osei joined the Tropical Pharmacy Laboratory in 1955 and led it from 1963 until her retirement in 1989.")],
     rs=["Osei joined the laboratory in 1955 but led it only from 1963.", "She led it until her retirement in 1989.", "1989 - 1963 = 26 years."],
     code="print(1989 - 1963)", sources=[MO, AL], note="first name only; full name given at the start of the document")
good("mo-chloroquine",
     q="What did Marguerite Osei discover about chloroquine tablets?",
     ref="That above 30 °C they could lose up to a fifth of their potency in six months because humidity broke down the coating.",
     claim="Osei found in 1961 that chloroquine tablets kept above 30 degrees Celsius could lose up to 20 percent of their potency within six months, because humidity broke down the tablet coating.",
     ev=[(MO, "Her best-known finding, published in 1961, was that chloroquine tablets stored above 30 °C lost up to a fifth of their potency within six months, because humidity broke down the tablet coating.")],
     rs=["The finding was published in 1961.", "Tablets stored above 30 °C lost up to a fifth, i.e. 20 percent, of their potency within six months.", "The cause was humidity breaking down the coating."],
     code="print(round(1 / 5 * 100))", note="'a fifth' written as '20 percent'; '°C' as 'degrees Celsius'")
good("mo-who",
     q="What impact did Osei's chloroquine finding have?",
     ref="It led the WHO to adopt new packaging standards in 1966.",
     claim="Osei's 1961 chloroquine finding led the World Health Organization to adopt new packaging standards in 1966, 5 years after it was published.",
     ev=[(MO, "Her best-known finding, published in 1961"),
         (MO, "The finding led to new packaging standards adopted by the World Health Organization in 1966.")],
     rs=["The finding was published in 1961.", "It led to WHO packaging standards adopted in 1966.", "1966 - 1961 = 5 years."],
     code="print(1966 - 1961)", note="reference abbreviates 'WHO'")
good("mo-coauth",
     q="What share of Marguerite Osei's papers were co-authored with West African students?",
     ref="23 of 87, about 26 percent.",
     claim="Of Marguerite Osei's 87 papers, 23, or 26.4 percent, were co-authored with students from West African universities.",
     ev=[(MO, "She published 87 papers during her career, of which 23 were co-authored with students from West African universities.")],
     rs=["She published 87 papers.", "23 were co-authored with West African students.", "23 / 87 = 0.264, i.e. 26.4 percent."],
     code="print(round(23 / 87 * 100, 1))")
good("mo-doctorate",
     q="When did Marguerite Osei move to London?",
     ref="In 1946, to study at Imperial College.",
     claim="Osei moved from Cape Coast to London in 1946 to study at Imperial College, completing her doctorate 6 years later in 1952.",
     ev=[(MO, "Born in Cape Coast, she moved to London in 1946 to study at Imperial College, where she completed her doctorate in 1952.")],
     rs=["She was born in Cape Coast and moved to London in 1946.", "She completed her doctorate at Imperial College in 1952.", "1952 - 1946 = 6 years."],
     code="print(1952 - 1946)")
good("mo-courses",
     q="What did Marguerite Osei do for pharmacy training in West Africa?",
     ref="Between 1970 and 1985 she helped set up pharmacy courses at three universities.",
     claim="As part of her campaign to train pharmacists in West Africa, Marguerite helped establish pharmacy courses at three universities in 1970-1985.",
     ev=[(MO, "Marguerite also campaigned for the training of pharmacists in West Africa; between 1970 and 1985 she helped establish pharmacy courses at three universities.")],
     rs=["She campaigned for training pharmacists in West Africa.", "Between 1970 and 1985 she helped set up courses at three universities."],
     conf=0.9, note="'between 1970 and 1985' written as '1970-1985'")

bad("arithmetic_error", "mo-lab", "1989 - 1963 is 26, not 36; the code prints 26",
    claim="Marguerite led the Tropical Pharmacy Laboratory for 36 years, from 1963 until she retired in 1989.",
    rs=["She led the laboratory from 1963.", "She retired in 1989.", "1989 - 1963 = 36 years."])
bad("swapped_entity", "mo-lab", "joining and leadership years swapped",
    claim="Osei joined the Tropical Pharmacy Laboratory in 1963 and became its head in 1955, leading it until 1989.",
    rs=["The biography gives her years at the laboratory.", "She joined in 1963 and led it from 1955 to 1989."], code=None)
bad("wrong_source", "mo-lab", "Osei quote attributed to the Lindqvist biography",
    ev=[(AL, "Osei joined the Tropical Pharmacy Laboratory in 1955 and led it from 1963 until her retirement in 1989.")])
bad("contradiction", "mo-chloroquine", "tablets LOST potency; the claim says they kept it",
    claim="Osei found in 1961 that chloroquine tablets stored above 30 degrees Celsius kept their full potency for at least six months.",
    rs=["The 1961 finding concerned chloroquine stored above 30 °C.", "The tablets kept their potency for six months."], code=None)
bad("altered_number", "mo-chloroquine", "30 °C changed to 35 °C",
    claim="Osei found in 1961 that chloroquine tablets kept above 35 degrees Celsius could lose up to a fifth of their potency within six months.",
    rs=["The finding was published in 1961.", "Tablets stored above 35 °C lost up to a fifth of their potency within six months."], code=None)
bad("fabricated_quote", "mo-who", "quote invented ('based directly on Osei's finding' is not in the document)",
    ev=[(MO, "In 1966 the World Health Organization adopted packaging standards based directly on Osei's 1961 finding.")])
bad("broken_reasoning", "mo-who", "the 5-year gap is 'shown' by her CBE date, a non sequitur",
    rs=["The finding was published in 1961.", "She was appointed CBE in 1979, which shows the WHO adopted her standards 5 years after publication."])
bad("duplicate", "mo-coauth", "paraphrase of the accepted co-authorship claim",
    claim="Just over a quarter (26.4%) of the 87 papers Osei published were written jointly with students from West African universities.")
bad("unsupported_generalisation", "mo-coauth", "23 co-authored papers generalised to 'all her co-authors'",
    claim="All of Marguerite Osei's co-authors were students from West African universities.",
    rs=["She published 87 papers.", "23 were co-authored with West African students, so every co-author she had was such a student."], code=None, conf=0.7)
bad("wrong_answer", "mo-doctorate", "answers with the doctorate year (1952); she moved in 1946",
    claim="Marguerite Osei was living in London by 1952, when she completed her doctorate at Imperial College.",
    rs=["Osei studied at Imperial College in London.", "She completed her doctorate there in 1952."], code=None)
bad("contradiction", None, "Kwame Osei was her brother; and she never married",
    q="Who was Kwame Osei?",
    ref="Marguerite Osei's younger brother, an economist at the Bank of Ghana.",
    claim="Kwame Osei, an economist at the Bank of Ghana, was Marguerite Osei's husband.",
    ev=[(MO, "Her younger brother, Kwame Osei, was an economist at the Bank of Ghana."), (MO, "Marguerite never married.")],
    rs=["Kwame Osei was an economist at the Bank of Ghana.", "He was married to Marguerite."], code=None, conf=0.75)
bad("unsupported_generalisation", "mo-courses", "'three universities' widened to 'every West African country'",
    claim="Marguerite helped establish pharmacy courses in every West African country between 1970 and 1985.",
    rs=["She campaigned for the training of pharmacists in West Africa.", "She set up courses across the whole region."])

# ---------------------------------------------------------------- Tallow Canal
good("tc-decline",
     q="How far did traffic on the Tallow Canal fall from its peak?",
     ref="From 412,000 tons in 1841 to 128,000 tons by 1870, under a third of the peak.",
     claim="Tallow Canal tonnage fell from a peak of 412,000 tons in 1841 to 128,000 tons by 1870, just 31.1 percent of the peak.",
     ev=[(TC, "At its peak, in 1841, the canal carried 412,000 tons of cargo."),
         (TC, "Between 1850 and 1870 annual tonnage dropped by more than two thirds, to 128,000 tons.")],
     rs=["The peak was 412,000 tons in 1841.", "By 1870 tonnage was 128,000 tons.", "128,000 / 412,000 = 0.311, so 1870 traffic was 31.1 percent of the peak."],
     code="print(round(128000 / 412000 * 100, 1))", sources=[TC, PG])
good("tc-railway",
     q="Why did traffic on the Tallow Canal decline?",
     ref="Because the railway opened in 1849 and moved coal faster and more cheaply.",
     claim="Traffic on the Tallow Canal declined after the Easthaven and Tallow Railway opened in 1849 because the railway carried coal faster and more cheaply.",
     ev=[(TC, "Traffic began to fall after the Easthaven and Tallow Railway opened in 1849, because the railway could move coal faster and more cheaply.")],
     rs=["The railway opened in 1849.", "Canal traffic began to fall after that.", "The document explains the railway moved coal faster and more cheaply."],
     sources=[TC, PG], conf=0.92)
good("tc-reopened",
     q="How much of the Tallow Canal has been reopened?",
     ref="The lower 9 miles of 23, about two fifths.",
     claim="By 2006 volunteers had reopened the lower 9 of the Tallow Canal's 23 miles to leisure boats, 39.1 percent of its length.",
     ev=[(TC, "The Tallow Canal was built between 1792 and 1798 to carry coal from the Tallow valley pits to the port of Easthaven, a distance of 23 miles."),
         (TC, "Restoration work by volunteers began in 1978, and by 2006 the lower 9 miles had been reopened to leisure boats.")],
     rs=["The canal runs 23 miles.", "By 2006 the lower 9 miles had reopened.", "9 / 23 = 0.391, i.e. 39.1 percent."],
     code="print(round(9 / 23 * 100, 1))", note="reference says 'about two fifths'")
good("tc-renwick",
     q="Has the Renwick lock flight been restored?",
     ref="No; restoring it would cost an estimated £18 million.",
     claim="The Renwick lock flight is still unrestored, and the trust puts the cost of restoring it at £18 million.",
     ev=[(TC, "The Renwick flight has not yet been restored, and the trust estimates that doing so would cost £18 million.")],
     rs=["The Renwick flight has not yet been restored.", "The trust estimates restoration would cost £18 million."], conf=0.93,
     note="'has not yet been restored' -> 'still unrestored'")
good("tc-abandon",
     q="How long after the last commercial boat was the Tallow Canal abandoned?",
     ref="33 years (1921 to 1954).",
     claim="The Tallow Canal was officially abandoned in 1954, 33 years after the last commercial boat passed through Renwick locks in 1921.",
     ev=[(TC, "The last commercial boat passed through Renwick locks in 1921."), (TC, "The canal was officially abandoned in 1954.")],
     rs=["The last commercial boat passed in 1921.", "The canal was abandoned in 1954.", "1954 - 1921 = 33 years."],
     code="print(1954 - 1921)")

bad("arithmetic_error", "tc-decline", "128,000 is 31.1% OF the peak; the fall was about 68.9%, not 31.1%",
    claim="Tallow Canal tonnage fell by 31.1 percent, from a peak of 412,000 tons in 1841 to 128,000 tons by 1870.",
    rs=["The peak was 412,000 tons in 1841.", "By 1870 tonnage was 128,000 tons.", "128,000 / 412,000 = 0.311, so tonnage fell by 31.1 percent."])
bad("unsupported_generalisation", "tc-decline", "the document gives two end points; 'fell every single year' is not supported",
    claim="Tallow Canal tonnage fell every single year between 1850 and 1870, ending at 128,000 tons.",
    rs=["Between 1850 and 1870 annual tonnage dropped by more than two thirds.", "So it declined in each of those years."], code=None)
bad("fabricated_quote", "tc-decline", "quote invented by stitching the peak and 1870 figures into one sentence",
    ev=[(TC, "Tonnage fell from 412,000 tons in 1841 to 128,000 tons in 1870.")])
bad("contradiction", "tc-railway", "cause and effect swapped: the railway caused the decline, not the other way round",
    claim="The Easthaven and Tallow Railway was built in 1849 because traffic on the Tallow Canal had already collapsed.",
    rs=["Canal traffic fell.", "The railway was then built to replace the failing canal."])
bad("duplicate", "tc-railway", "paraphrase of the accepted railway-cause claim",
    claim="Once the Easthaven and Tallow Railway opened in 1849, canal traffic fell away, since trains moved coal more quickly and at lower cost.")
bad("wrong_source", "tc-railway", "Tallow Canal quote attributed to the glassworks document",
    ev=[(PG, "Traffic began to fall after the Easthaven and Tallow Railway opened in 1849, because the railway could move coal faster and more cheaply.")])
bad("code_mismatch", "tc-reopened", "code inverts the ratio and prints 2.6, not 39.1",
    code="print(round(23 / 9, 1))")
bad("altered_number", "tc-reopened", "9 miles changed to 19",
    claim="By 2006 volunteers had reopened the lower 19 miles of the Tallow Canal to leisure boats.",
    rs=["Restoration began in 1978.", "By 2006 the lower 19 miles had reopened."], code=None)
bad("contradiction", "tc-renwick", "the flight has NOT been restored",
    claim="The Renwick lock flight has been restored at a cost of £18 million.",
    rs=["The trust discussed the Renwick flight.", "It has been restored for £18 million."])
bad("wrong_answer", None, "gives the size of the Renwick flight (14) instead of the canal's 31 locks",
    q="How many locks did the Tallow Canal have?",
    ref="31",
    claim="The Tallow Canal had 14 locks.",
    ev=[(TC, "It had 31 locks, almost half of them clustered in a single flight of 14 locks at Renwick.")],
    rs=["The document describes the canal's locks.", "The flight at Renwick had 14 locks."], code=None, conf=0.75)
bad("swapped_entity", "tc-abandon", "years of the last boat and the abandonment swapped",
    claim="The last commercial boat passed through Renwick locks in 1954, and the Tallow Canal was officially abandoned in 1921.",
    rs=["The document dates the end of the canal.", "Last boat 1954; abandoned 1921."], code=None)
bad("broken_reasoning", "tc-abandon", "step 2 computes an unrelated gap and then asserts the claim's 33 from it",
    rs=["The last commercial boat passed in 1921.", "Restoration began in 1978, and 1978 - 1954 = 24, so the canal was abandoned 33 years after the last boat."])

# ---------------------------------------------------------------- Corran Estuary Bridge
good("cb-overrun",
     q="How far over budget was the Corran Estuary Bridge, and why?",
     ref="£47m over an original £565m budget (about 8%), because of delays from poor ground under the southern tower.",
     claim="The Corran Estuary Bridge cost £612m, 8.3 percent over its original £565m budget, because poor ground conditions under the southern tower caused delays.",
     ev=[(CB, "Construction took four years and cost £612 million, which was £47 million more than the original budget because of delays caused by poor ground conditions under the southern tower.")],
     rs=["The bridge cost £612 million, £47 million over budget.", "So the original budget was 612 - 47 = £565 million.", "47 / 565 = 0.083, i.e. 8.3 percent over budget."],
     code="print(612 - 47)\nprint(round(47 / 565 * 100, 1))")
good("cb-span",
     q="What fraction of the Corran Estuary Bridge's length is the main span?",
     ref="About 38 percent (540 of 1,420 metres).",
     claim="The 540-metre main span makes up 38.0 percent of the Corran Estuary Bridge's 1,420-metre length.",
     ev=[(CB, "Its total length is 1,420 metres, and the main span between the two towers is 540 metres.")],
     rs=["The bridge is 1,420 metres long.", "The main span is 540 metres.", "540 / 1,420 = 0.380, i.e. 38.0 percent."],
     code="print(round(540 / 1420 * 100, 1))", sources=[CB, SW])
good("cb-deckweight",
     q="How heavy is the Corran bridge deck per metre of length?",
     ref="About 21.8 tonnes per metre.",
     claim="The Corran bridge's 31,000-tonne steel deck averages about 21.8 tonnes per metre over the bridge's 1,420 m length and is held up by 112 stay cables.",
     ev=[(CB, "The steel deck weighs about 31,000 tonnes, and it is held up by 112 stay cables."),
         (CB, "Its total length is 1,420 metres")],
     rs=["The deck weighs about 31,000 tonnes.", "The bridge is 1,420 metres long.", "31,000 / 1,420 = 21.8 tonnes per metre."],
     code="print(round(31000 / 1420, 1))", note="'metres' vs 'm'; division across sentences")
good("cb-wind",
     q="When is the Corran Estuary Bridge closed to traffic because of wind?",
     ref="It closes to high-sided vehicles when gusts exceed 80 km/h.",
     claim="High-sided vehicles are barred from the Corran Estuary Bridge when gusts exceed 80 km/h, although the structure can withstand winds of up to 200 km/h.",
     ev=[(CB, "It can withstand wind speeds of up to 200 km/h, although the deck is closed to high-sided vehicles when gusts exceed 80 km/h.")],
     rs=["The deck is closed to high-sided vehicles in gusts above 80 km/h.", "The structure can withstand up to 200 km/h."], conf=0.92)
good("cb-toll",
     q="Do drivers pay a toll on the Corran Estuary Bridge?",
     ref="No.",
     claim="The Corran Estuary Bridge is toll-free, unlike the older ferry it replaced.",
     ev=[(CB, "Unlike the older ferry it replaced, the bridge does not charge a toll.")],
     rs=["The document says the bridge does not charge a toll.", "It contrasts this with the ferry it replaced."], conf=0.95,
     note="'does not charge a toll' -> 'toll-free'")
good("cb-clearance",
     q="How tall can ships passing under the Corran Estuary Bridge be?",
     ref="Up to 32 metres.",
     claim="With its deck 35 metres above the water at high tide, the Corran Estuary Bridge lets ships up to 32 metres tall pass beneath.",
     ev=[(CB, "The deck sits 35 metres above the water at high tide, so that ships up to 32 metres tall can pass underneath.")],
     rs=["The deck is 35 metres above high water.", "Ships up to 32 metres tall can pass underneath."], conf=0.93)

bad("altered_number", "cb-overrun", "£47m overrun changed to £74m",
    claim="The Corran Estuary Bridge cost £612m, £74m more than its original budget.",
    rs=["The bridge cost £612 million.", "That was £74 million more than the original budget."], code=None)
bad("arithmetic_error", "cb-overrun", "47/612 used instead of 47/565 (7.7% instead of 8.3%); the code prints 8.3",
    claim="The Corran Estuary Bridge cost £612m, 7.7 percent over its original £565m budget, because poor ground conditions under the southern tower caused delays.",
    rs=["The bridge cost £612 million, £47 million over budget.", "So the original budget was £565 million.", "47 / 612 = 0.077, i.e. 7.7 percent over budget."])
bad("contradiction", "cb-overrun", "the bridge came in OVER budget, not under",
    claim="The Corran Estuary Bridge was completed £47m under its original budget despite poor ground conditions.",
    rs=["The bridge cost £612 million.", "It came in £47 million below the budget."], code=None)
bad("code_mismatch", "cb-span", "code computes the side spans' share (62.0) instead of the main span's",
    code="print(round((1420 - 540) / 1420 * 100, 1))")
bad("wrong_source", "cb-span", "Corran quote attributed to the Saltmarsh wind farm document",
    ev=[(SW, "Its total length is 1,420 metres, and the main span between the two towers is 540 metres.")])
bad("broken_reasoning", "cb-deckweight", "step divides by the cable count (giving ~277) yet reports 21.8 tonnes per metre",
    rs=["The deck weighs about 31,000 tonnes.", "There are 112 cables, so 31,000 / 112 = 21.8 tonnes per metre of deck."])
bad("unsupported_generalisation", "cb-wind", "closure applies only to high-sided vehicles, not all traffic",
    claim="The Corran Estuary Bridge is closed to all vehicles whenever gusts exceed 80 km/h.",
    rs=["The deck is closed when gusts exceed 80 km/h.", "So no vehicle can cross in those conditions."])
bad("fabricated_quote", "cb-wind", "quote paraphrased ('lorries', 'designed for'), not in the document",
    ev=[(CB, "The bridge closes to lorries and other high-sided vehicles in gusts above 80 km/h but is designed for winds of 200 km/h.")])
bad("contradiction", "cb-toll", "the bridge does NOT charge a toll",
    claim="Like the older ferry it replaced, the Corran Estuary Bridge charges a toll.",
    rs=["The document discusses tolls.", "The bridge charges a toll, as the ferry did."])
bad("duplicate", "cb-toll", "paraphrase of the accepted toll-free claim",
    claim="Drivers pay nothing to cross the Corran Estuary Bridge, whereas the ferry it replaced charged a toll.")
bad("swapped_entity", "cb-clearance", "deck height and ship height swapped within one sentence",
    claim="The Corran Estuary Bridge deck sits 32 metres above the water at high tide, so ships up to 35 metres tall can pass beneath.",
    rs=["The deck is 32 metres above high water.", "Ships up to 35 metres tall can pass underneath."])
bad("wrong_answer", "cb-clearance", "gives the deck height (35 m) rather than the maximum ship height (32 m)",
    claim="Ships up to 35 metres tall can pass under the Corran Estuary Bridge at high tide.",
    rs=["The deck sits 35 metres above the water at high tide.", "So ships of 35 metres can pass."])

# ---------------------------------------------------------------- Saltmarsh wind farm
good("sw-capacity",
     q="What is Saltmarsh Offshore Wind Farm's capacity and how hard was it used in 2023?",
     ref="496 MW; a capacity factor of about 43% in 2023.",
     claim="Saltmarsh's 62 turbines of 8 MW each give 496 MW of capacity, and its 1,870 GWh of output in 2023 implies a capacity factor of 43.0 percent.",
     ev=[(SW, "It has 62 turbines, each rated at 8 MW, giving a total installed capacity of 496 MW."),
         (SW, "In 2023 the wind farm generated 1,870 GWh of electricity, which gives a capacity factor of about 43 percent.")],
     rs=["62 x 8 = 496 MW.", "At full power for a year the farm would make 496 MW × 8,760 h = 4,344.96 GWh.", "1,870 / 4,344.96 = 0.430, i.e. 43.0 percent."],
     code="print(62 * 8)\nprint(round(1870 / (496 * 8.76) * 100, 1))", sources=[SW, CB],
     note="multiplication written 'x' and '×'; MW and GWh")
good("sw-seasonal",
     q="How much did Saltmarsh's monthly output vary in 2023?",
     ref="From 92 GWh in August to 221 GWh in December, about 2.4 times as much.",
     claim="Saltmarsh's December 2023 output of 221 GWh was 2.4 times its August low of 92 GWh.",
     ev=[(SW, "Output was lowest in August, at 92 GWh, and highest in December, at 221 GWh.")],
     rs=["August was the lowest month at 92 GWh.", "December was the highest at 221 GWh.", "221 / 92 = 2.4."],
     code="print(round(221 / 92, 1))", sources=[SW, CB])
good("sw-cables",
     q="Why does Saltmarsh have two export cables?",
     ref="So that a fault on one cable does not stop all output.",
     claim="Saltmarsh uses two 19 km export cables instead of one so that a single cable fault cannot halt all of its output.",
     ev=[(SW, "The farm is connected to shore by two export cables, each 19 km long, rather than a single cable, so that a fault on one cable does not stop all output.")],
     rs=["There are two export cables of 19 km each rather than one.", "The reason given: a fault on one does not stop all output."], conf=0.93)
good("sw-pertb",
     q="How much electricity did each Saltmarsh turbine produce on average in 2023?",
     ref="Roughly 30 GWh.",
     claim="Each of Saltmarsh's 62 turbines generated on average about 30.2 GWh in 2023.",
     ev=[(SW, "It has 62 turbines"), (SW, "In 2023 the wind farm generated 1,870 GWh of electricity")],
     rs=["There are 62 turbines.", "Total 2023 output was 1,870 GWh.", "1,870 / 62 = 30.2 GWh per turbine."],
     code="print(round(1870 / 62, 1))", note="reference rounded to 'roughly 30'")
good("sw-gearbox",
     q="Did Saltmarsh suffer any major equipment failures in 2023?",
     ref="No major gearbox failures, though two blades were replaced after lightning strikes.",
     claim="No Saltmarsh turbine had a major gearbox failure in 2023, but two blades were replaced after lightning strikes in October.",
     ev=[(SW, "No turbine suffered a major gearbox failure during the year, although two blades were replaced after lightning strikes in October.")],
     rs=["No turbine suffered a major gearbox failure.", "Two blades were replaced after October lightning strikes."], conf=0.92)
good("sw-homes",
     q="How many homes does Saltmarsh's output supply, and how much per home is that?",
     ref="About 520,000 homes, roughly 3,600 kWh each per year.",
     claim="Saltmarsh's 2023 output equals the annual use of about 520,000 homes, roughly 3,600 kWh per home.",
     ev=[(SW, "In 2023 the wind farm generated 1,870 GWh of electricity"),
         (SW, "The operator says the electricity produced is equivalent to the annual use of about 520,000 homes.")],
     rs=["Output was 1,870 GWh, i.e. 1,870,000,000 kWh.", "The operator equates it to 520,000 homes.", "1,870,000,000 / 520,000 = 3,596, about 3,600 kWh per home."],
     code="print(round(1870e6 / 520000, -2))", conf=0.8, note="unit conversion GWh -> kWh; rounded to hundreds")

bad("arithmetic_error", "sw-capacity", "uses 8,000 hours in a year instead of 8,760 (47.1% claimed; the code prints 43.0)",
    claim="Saltmarsh's 62 turbines of 8 MW each give 496 MW of capacity, and its 1,870 GWh of output in 2023 implies a capacity factor of 47.1 percent.",
    rs=["62 x 8 = 496 MW.", "At full power for a year the farm would make 496 MW × 8,000 h = 3,968 GWh.", "1,870 / 3,968 = 0.471, i.e. 47.1 percent."])
bad("altered_number", "sw-capacity", "62 turbines changed to 64",
    claim="Saltmarsh has 64 turbines rated at 8 MW each, giving a total installed capacity of 496 MW.",
    rs=["The farm has 64 turbines of 8 MW.", "Installed capacity is 496 MW."], code=None)
bad("wrong_answer", "sw-capacity", "gives the capacity factor (43%) when asked for availability (96.4%)",
    q="What was Saltmarsh's availability in 2023?",
    ref="96.4 percent",
    claim="Saltmarsh's availability in 2023 was about 43 percent.",
    ev=[(SW, "In 2023 the wind farm generated 1,870 GWh of electricity, which gives a capacity factor of about 43 percent.")],
    rs=["The 2023 report gives a percentage for how much the farm was used.", "That figure is about 43 percent."], code=None)
bad("swapped_entity", "sw-seasonal", "lowest and highest months swapped",
    claim="Saltmarsh's output was lowest in December 2023, at 92 GWh, and highest in August, at 221 GWh.",
    rs=["The report names the lowest and highest months.", "December had 92 GWh and August 221 GWh."], code=None)
bad("code_mismatch", "sw-seasonal", "code prints the difference (129), not the ratio 2.4",
    code="print(221 - 92)")
bad("wrong_source", "sw-seasonal", "Saltmarsh quote attributed to the Corran bridge document",
    ev=[(CB, "Output was lowest in August, at 92 GWh, and highest in December, at 221 GWh.")])
bad("contradiction", "sw-cables", "'two cables rather than a single cable' reversed",
    claim="Saltmarsh is connected to shore by a single 19 km export cable rather than two.",
    rs=["The report describes the export connection.", "There is one 19 km cable."])
bad("duplicate", "sw-pertb", "paraphrase of the accepted per-turbine output claim",
    claim="On average, every one of Saltmarsh's 62 turbines produced roughly 30.2 GWh during 2023.")
bad("unsupported_generalisation", "sw-gearbox", "no major gearbox failure in 2023 generalised to no major repair ever",
    claim="No Saltmarsh turbine has ever needed a major repair since the farm opened.",
    rs=["No turbine suffered a major gearbox failure during 2023.", "So the turbines have never needed major repairs."])
bad("fabricated_quote", "sw-gearbox", "quote reworded; not in the document",
    ev=[(SW, "There were no gearbox failures in 2023, but lightning damaged two blades in October.")])
bad("broken_reasoning", "sw-homes", "step 2 infers the number of homes from blade length, a non sequitur",
    rs=["Output was 1,870 GWh, i.e. 1,870,000,000 kWh.",
        "Each blade is 81 metres long, which is why the farm can supply 520,000 homes.",
        "1,870,000,000 / 520,000 = 3,596, about 3,600 kWh per home."])

# ---------------------------------------------------------------- Sourdough
good("sd-salt",
     q="How much salt does the sourdough recipe use relative to the flour?",
     ref="22 g per kilogram of flour, i.e. 2.2 percent.",
     claim="The sourdough uses 22 g of salt to 1,000 g of flour, a salt level of 2.2 percent of the flour weight.",
     ev=[(SD, "This country sourdough loaf uses a simple ratio by weight: 1,000 g of flour, 720 g of water, 200 g of active starter and 22 g of salt.")],
     rs=["The recipe uses 1,000 g of flour and 22 g of salt.", "22 / 1,000 = 0.022, i.e. 2.2 percent of the flour weight."],
     code="print(round(22 / 1000 * 100, 1))", sources=[SD, CS], note="baker's percentage; reference says 'per kilogram'")
good("sd-wholemeal",
     q="What proportion of the sourdough's flour is wholemeal?",
     ref="15 percent.",
     claim="Wholemeal makes up 15 percent of the sourdough's 1,000 g flour blend, with the other 850 g being strong white flour.",
     ev=[(SD, "The flour is a blend of 850 g strong white flour and 150 g wholemeal flour.")],
     rs=["The blend is 850 g strong white and 150 g wholemeal, 1,000 g in all.", "150 / 1,000 = 15 percent."],
     code="print(round(150 / (850 + 150) * 100))")
good("sd-dough",
     q="How much dough does the sourdough recipe make per loaf?",
     ref="About 971 g per loaf (1,942 g in total for two loaves).",
     claim="The sourdough recipe makes about 1,942 g of dough, or roughly 971 g for each of its two loaves.",
     ev=[(SD, "This country sourdough loaf uses a simple ratio by weight: 1,000 g of flour, 720 g of water, 200 g of active starter and 22 g of salt."),
         (SD, "Shape the dough into two loaves and prove them in the fridge overnight.")],
     rs=["The ingredients weigh 1,000 + 720 + 200 + 22 = 1,942 g.", "The dough is shaped into two loaves.", "1,942 / 2 = 971 g per loaf."],
     code="total = 1000 + 720 + 200 + 22\nprint(total)\nprint(total / 2)", note="sum and halving; code prints 971.0")
good("sd-bake",
     q="How long and at what temperature is each sourdough loaf baked?",
     ref="42 minutes: 20 minutes covered at 250 °C, then 22 minutes uncovered at 230 °C.",
     claim="Each loaf bakes for 42 minutes in all: 20 minutes lidded at 250 degrees Celsius, then 22 minutes uncovered at 230 degrees Celsius.",
     ev=[(SD, "Bake each loaf in a preheated cast-iron pot at 250 °C for 20 minutes with the lid on, then 22 minutes at 230 °C without the lid.")],
     rs=["The first stage is 20 minutes at 250 °C with the lid on.", "The second is 22 minutes at 230 °C without the lid.", "20 + 22 = 42 minutes."],
     code="print(20 + 22)", note="'without the lid' -> 'uncovered'; '°C' -> 'degrees Celsius'")
good("sd-cool",
     q="How does kitchen temperature affect the sourdough's bulk ferment?",
     ref="Cooler kitchens slow it: about 4.5 hours at 24 °C but six hours or more at 20 °C.",
     claim="A cooler kitchen slows fermentation: the bulk ferment takes about four and a half hours at 24 °C versus six hours or more at 20 °C.",
     ev=[(SD, "The dough ferments for about four and a half hours at 24 °C, with four sets of stretches and folds in the first two hours."),
         (SD, "A cooler kitchen slows fermentation, so at 20 °C the bulk ferment can take six hours or more.")],
     rs=["At 24 °C the dough ferments for about four and a half hours.", "A cooler kitchen slows fermentation; at 20 °C it can take six hours or more."], conf=0.9)
good("sd-noyeast",
     q="Does the sourdough recipe use commercial yeast?",
     ref="No; the starter provides all the rise.",
     claim="The loaf is made with no commercial yeast; the starter provides all of the rise.",
     ev=[(SD, "The recipe does not use any commercial yeast; all of the rise comes from the starter.")],
     rs=["The recipe says it does not use any commercial yeast.", "All of the rise comes from the starter."], conf=0.95)

bad("altered_number", "sd-salt", "22 g of salt changed to 28 g",
    claim="The sourdough uses 28 g of salt to 1,000 g of flour.",
    rs=["The recipe lists 1,000 g of flour and 28 g of salt."], code=None)
bad("broken_reasoning", "sd-salt", "step says salt is measured against the water but divides by the flour weight",
    rs=["The recipe uses 22 g of salt and 720 g of water.", "Salt is measured against the water, so 22 / 1,000 gives 2.2 percent of the water weight, which is the flour level."])
bad("wrong_source", "sd-salt", "sourdough quote attributed to the copper sulfate document",
    ev=[(CS, "This country sourdough loaf uses a simple ratio by weight: 1,000 g of flour, 720 g of water, 200 g of active starter and 22 g of salt.")])
bad("duplicate", "sd-wholemeal", "paraphrase of the accepted wholemeal-share claim",
    claim="Of the 1,000 g of flour in the sourdough, 150 g (15%) is wholemeal and the remaining 850 g is strong white.")
bad("arithmetic_error", "sd-dough", "1,000 + 720 + 200 + 22 is 1,942, not 1,922 (and 961 per loaf); the code prints 1942 and 971.0",
    claim="The sourdough recipe makes about 1,922 g of dough, or roughly 961 g for each of its two loaves.",
    rs=["The ingredients weigh 1,000 + 720 + 200 + 22 = 1,922 g.", "The dough is shaped into two loaves.", "1,922 / 2 = 961 g per loaf."])
bad("code_mismatch", "sd-dough", "code leaves out the starter and prints 1742 and 871.0",
    code="total = 1000 + 720 + 22\nprint(total)\nprint(total / 2)")
bad("swapped_entity", "sd-bake", "the two oven temperatures are swapped between the lidded and uncovered stages",
    claim="Each loaf bakes for 20 minutes lidded at 230 degrees Celsius, then 22 minutes uncovered at 250 degrees Celsius.",
    rs=["The first stage is 20 minutes at 230 °C with the lid on.", "The second is 22 minutes at 250 °C without the lid."], code=None)
bad("contradiction", "sd-cool", "mechanism reversed: a cooler kitchen SLOWS fermentation",
    claim="A cooler kitchen speeds up fermentation, so at 20 °C the bulk ferment finishes sooner than the four and a half hours needed at 24 °C.",
    rs=["At 24 °C the dough ferments for about four and a half hours.", "Lower temperatures speed fermentation up."])
bad("unsupported_generalisation", "sd-cool", "one recipe's timing generalised to all sourdough",
    claim="All sourdough needs at least six hours of bulk fermentation at 20 °C.",
    rs=["This recipe's bulk ferment can take six hours or more at 20 °C.", "So every sourdough needs six hours at that temperature."], conf=0.7)
bad("contradiction", "sd-noyeast", "the recipe does NOT use commercial yeast",
    claim="The recipe adds commercial yeast to supplement the rise from the starter.",
    rs=["The recipe discusses yeast.", "Commercial yeast is added alongside the starter."])
bad("fabricated_quote", "sd-noyeast", "quote reworded; not in the document",
    ev=[(SD, "No commercial yeast is used: the starter alone makes the bread rise.")])
bad("wrong_answer", None, "the autolyse lasts 45 minutes; the overnight rest is the final proof",
    q="How long is the autolyse rest in the sourdough method?",
    ref="45 minutes.",
    claim="The sourdough rests overnight in the fridge.",
    ev=[(SD, "Shape the dough into two loaves and prove them in the fridge overnight.")],
    rs=["The method includes a rest.", "The dough is left in the fridge overnight."], code=None, conf=0.7)

# ---------------------------------------------------------------- Copper sulfate
good("cs-oxide",
     q="What minimum mass of copper(II) oxide is needed for 50 cm3 of 1.0 mol/dm3 sulfuric acid?",
     ref="About 3.98 g.",
     claim="Neutralising 0.05 mol of sulfuric acid needs at least 3.98 g of copper(II) oxide, because the 1:1 ratio means 0.05 mol of oxide at 79.5 g/mol.",
     ev=[(CS, "The reaction uses one mole of copper oxide for every mole of sulfuric acid, a 1:1 ratio."),
         (CS, "With 50 cm3 of 1.0 mol/dm3 sulfuric acid, which contains 0.05 mol of acid, a student needs at least 3.98 g of copper oxide, because its molar mass is 79.5 g/mol.")],
     rs=["50 cm3 of 1.0 mol/dm3 acid contains 0.05 mol.", "The 1:1 ratio means 0.05 mol of copper oxide is needed.", "0.05 × 79.5 = 3.98 g."],
     code="print(round(0.05 * 79.5, 2))", sources=[CS, SD])
good("cs-theory",
     q="What is the theoretical yield of hydrated copper sulfate in this preparation?",
     ref="12.5 g.",
     claim="0.05 mol of acid gives a theoretical yield of 12.5 g of hydrated copper sulfate, since 0.05 × 249.7 g/mol = 12.5 g.",
     ev=[(CS, "The theoretical yield of hydrated copper sulfate, CuSO4·5H2O, with a molar mass of 249.7 g/mol, is therefore 12.5 g."),
         (CS, "which contains 0.05 mol of acid")],
     rs=["The acid contains 0.05 mol.", "The product's molar mass is 249.7 g/mol.", "0.05 × 249.7 = 12.485, which rounds to 12.5 g."],
     code="print(round(0.05 * 249.7, 1))", sources=[CS, SD])
good("cs-yield",
     q="How does the usual student yield compare with the theoretical yield?",
     ref="Students usually get 7-10 g, i.e. 56-80% of the 12.5 g maximum.",
     claim="Typical student yields of 7 to 10 g correspond to 56 to 80 percent of the 12.5 g theoretical yield, because some crystals stay in solution and some are lost in transfer.",
     ev=[(CS, "In practice students usually obtain between 7 and 10 g, because some crystals stay in solution and some are lost during transfer."),
         (CS, "is therefore 12.5 g")],
     rs=["The theoretical yield is 12.5 g.", "Students usually obtain 7 to 10 g.", "7 / 12.5 = 56 percent and 10 / 12.5 = 80 percent."],
     code="print(round(7 / 12.5 * 100))\nprint(round(10 / 12.5 * 100))", note="range of percentages")
good("cs-excess",
     q="Why is copper oxide added in excess?",
     ref="So that all the acid is used up and the final solution is not acidic.",
     claim="Copper oxide is added in excess so that all of the acid reacts and the final solution is not acidic.",
     ev=[(CS, "Adding the oxide in excess ensures that all the acid is used up, so the final solution is not acidic.")],
     rs=["The oxide is added in excess.", "That ensures all the acid is used up.", "So the final solution is not acidic."], conf=0.95)
good("cs-dryness",
     q="Why should the copper sulfate filtrate not be evaporated to dryness?",
     ref="Because drying it out drives off the water of crystallisation and leaves white anhydrous powder.",
     claim="The filtrate is evaporated only to about a third of its volume, not to dryness, because heating it dry drives off the water of crystallisation and leaves white anhydrous powder.",
     ev=[(CS, "The filtrate should be evaporated to about one third of its volume rather than to dryness, since heating to dryness drives off the water of crystallisation and leaves white anhydrous powder.")],
     rs=["The filtrate should be evaporated to about one third of its volume rather than to dryness.", "Heating to dryness drives off the water of crystallisation, leaving white anhydrous powder."],
     conf=0.93, note="'rather than' -> 'not'")

bad("altered_number", "cs-oxide", "molar mass changed from 79.5 to 97.5 g/mol",
    claim="Copper(II) oxide has a molar mass of 97.5 g/mol, so 0.05 mol of it weighs 3.98 g.",
    rs=["The molar mass of copper oxide is 97.5 g/mol.", "0.05 mol therefore weighs 3.98 g."], code=None)
bad("broken_reasoning", "cs-oxide", "equates the mass of oxide with the mass of the acid solution; does not lead to 3.98 g",
    rs=["The reaction ratio is 1:1.", "So the mass of copper oxide must equal the mass of the acid, and 50 cm3 of acid weighs about 3.98 g."])
bad("arithmetic_error", "cs-theory", "0.05 × 249.7 is 12.5, not 1.25; the code prints 12.5",
    claim="0.05 mol of acid gives a theoretical yield of 1.25 g of hydrated copper sulfate, since 0.05 × 249.7 g/mol = 1.25 g.",
    rs=["The acid contains 0.05 mol.", "The product's molar mass is 249.7 g/mol.", "0.05 × 249.7 = 1.25 g."])
bad("code_mismatch", "cs-theory", "code uses the anhydrous molar mass and prints 8.0, not 12.5",
    code="print(round(0.05 * 159.6, 1))")
bad("wrong_source", "cs-theory", "copper sulfate quote attributed to the sourdough document",
    ev=[(SD, "The theoretical yield of hydrated copper sulfate, CuSO4·5H2O, with a molar mass of 249.7 g/mol, is therefore 12.5 g."),
        (CS, "which contains 0.05 mol of acid")])
bad("unsupported_generalisation", "cs-yield", "'usually obtain between 7 and 10 g' turned into 'every student'",
    claim="Every student who carries out this preparation obtains between 7 and 10 g of crystals.",
    rs=["Students usually obtain 7 to 10 g.", "So all students get a yield in that range."], code=None)
bad("wrong_answer", "cs-yield", "gives the practical yield (7-10 g) rather than the theoretical 12.5 g",
    q="What is the theoretical yield of hydrated copper sulfate in this preparation?",
    ref="12.5 g.",
    claim="The preparation yields between 7 and 10 g of hydrated copper sulfate.",
    ev=[(CS, "In practice students usually obtain between 7 and 10 g, because some crystals stay in solution and some are lost during transfer.")],
    rs=["The document gives the yield students obtain.", "It is 7 to 10 g."], code=None)
bad("contradiction", "cs-excess", "the excess oxide makes the solution NOT acidic",
    claim="Copper oxide is added in excess so that the final solution stays acidic.",
    rs=["The oxide is added in excess.", "This keeps the solution acidic."])
bad("fabricated_quote", "cs-excess", "quote rewritten ('neutralises'); not in the document",
    ev=[(CS, "Excess copper oxide neutralises all of the acid, leaving a solution that is not acidic.")])
bad("contradiction", "cs-dryness", "'one third rather than dryness' reversed",
    claim="The filtrate should be evaporated to dryness rather than to a third of its volume, to drive off the water of crystallisation.",
    rs=["The document describes evaporating the filtrate.", "It should be taken to dryness."])
bad("duplicate", "cs-dryness", "paraphrase of the accepted evaporation claim",
    claim="Instead of boiling the filtrate dry, students should reduce it to roughly a third of its volume, since drying it completely strips the water of crystallisation and gives a white anhydrous powder.")
bad("swapped_entity", None, "colours of the solution (blue) and the anhydrous powder (white) swapped",
    q="What colours are the copper sulfate solution and the anhydrous powder?",
    ref="The solution is blue; the anhydrous powder is white.",
    claim="Filtering off the excess oxide leaves a white solution, while heating to dryness produces a blue anhydrous powder.",
    ev=[(CS, "The unreacted oxide is removed by filtration, leaving a blue solution."),
        (CS, "heating to dryness drives off the water of crystallisation and leaves white anhydrous powder")],
    rs=["Filtration leaves the solution.", "Heating to dryness leaves anhydrous powder.", "The solution is white and the powder blue."],
    code=None, conf=0.8)

# ---------------------------------------------------------------- Eastline rail
good("er-express",
     q="How much faster are Eastline's express trains than the all-stations service?",
     ref="27 minutes faster: 61 minutes against 88.",
     claim="Eastline's express trains take 61 minutes between Marston Central and Port Ellery, 27 minutes less than the 88-minute all-stations service.",
     ev=[(ER, "The first train leaves Marston Central at 05:42 and arrives at Port Ellery at 07:10, a journey of 88 minutes that stops at all nine intermediate stations."),
         (ER, "Express trains, which stop only at Holbrook and Kellingham, take 61 minutes.")],
     rs=["The all-stations journey takes 88 minutes (05:42 to 07:10).", "Expresses take 61 minutes.", "88 - 61 = 27 minutes."],
     code="print(88 - 61)")
good("er-speed",
     q="What are the average speeds of Eastline's trains?",
     ref="About 64 km/h for all-stations trains and about 92 km/h for expresses.",
     claim="Eastline's all-stations trains average about 64.1 km/h over the 94-kilometre route, against about 92.5 km/h for the expresses.",
     ev=[(ER, "The route is 94 kilometres long."),
         (ER, "a journey of 88 minutes that stops at all nine intermediate stations"),
         (ER, "Express trains, which stop only at Holbrook and Kellingham, take 61 minutes.")],
     rs=["The route is 94 km.", "All-stations: 94 / (88 / 60) = 64.1 km/h.", "Express: 94 / (61 / 60) = 92.5 km/h."],
     code="print(round(94 / (88 / 60), 1))\nprint(round(94 / (61 / 60), 1))",
     note="'kilometres' in the quote, 'km/h' in the claim; three quotes")
good("er-holbrook",
     q="What change is coming to the 08:12 express?",
     ref="From 9 September it will no longer call at Holbrook, and will take 57 minutes.",
     claim="From 9 September the 08:12 express will skip Holbrook, shortening its journey to 57 minutes.",
     ev=[(ER, "From 9 September the 08:12 express will no longer stop at Holbrook, cutting its journey time to 57 minutes.")],
     rs=["The 08:12 express will no longer stop at Holbrook from 9 September.", "Its journey time will fall to 57 minutes."], conf=0.94,
     note="'no longer stop at' -> 'skip'")
good("er-fares",
     q="How much cheaper is an Eastline off-peak return than an anytime return?",
     ref="£13.60 cheaper, about 36% less.",
     claim="An off-peak return on Eastline costs £24.60 vs £38.20 for an anytime return, a saving of 35.6 percent.",
     ev=[(ER, "A standard off-peak return costs £24.60, versus £38.20 for an anytime return.")],
     rs=["Off-peak return: £24.60; anytime return: £38.20.", "38.20 - 24.60 = 13.60.", "13.60 / 38.20 = 0.356, a saving of 35.6 percent."],
     code="print(round((38.20 - 24.60) / 38.20 * 100, 1))", sources=[ER, KF])
good("er-sunday",
     q="Do Eastline expresses run on Sundays?",
     ref="No; only hourly all-stations trains from 08:00.",
     claim="Eastline runs no express trains on Sundays, when all-stations services run hourly from 08:00.",
     ev=[(ER, "On Sundays there is no express service, and all-stations trains run hourly from 08:00.")],
     rs=["On Sundays there is no express service.", "All-stations trains run hourly from 08:00."], conf=0.95)
good("er-punctuality",
     q="How did Eastline's reliability change in the last timetable year?",
     ref="Punctuality improved from 88.6% to 91.3% and cancellations fell from 3.4% to 1.9%.",
     claim="Eastline's punctuality improved by 2.7 percentage points to 91.3 percent, and cancellations fell from 3.4 percent to 1.9 percent.",
     ev=[(ER, "In the last timetable year, 91.3 percent of trains arrived within five minutes of schedule, compared with 88.6 percent the year before."),
         (ER, "Cancellations fell to 1.9 percent from 3.4 percent.")],
     rs=["Punctuality was 91.3 percent against 88.6 percent.", "91.3 - 88.6 = 2.7 points.", "Cancellations fell from 3.4 to 1.9 percent."],
     code="print(round(91.3 - 88.6, 1))")
good("mx-transport",
     q="How does an Eastline off-peak return compare in price with a single ferry fare to Skarra?",
     ref="It costs about 3.6 times as much (£24.60 versus £6.80).",
     claim="An Eastline off-peak return (£24.60) costs about 3.6 times a single adult ferry fare to Skarra (£6.80).",
     ev=[(ER, "A standard off-peak return costs £24.60, versus £38.20 for an anytime return."),
         (KF, "A single adult fare to Skarra is £6.80 and to Innish £9.40; island residents pay half price.")],
     rs=["The Eastline off-peak return is £24.60.", "The adult single to Skarra is £6.80.", "24.60 / 6.80 = 3.6."],
     code="print(round(24.60 / 6.80, 1))", conf=0.8, note="two documents; ratio of fares")

bad("arithmetic_error", "er-express", "88 - 61 is 27, not 37; the code prints 27",
    claim="Eastline's express trains take 61 minutes between Marston Central and Port Ellery, 37 minutes less than the 88-minute all-stations service.",
    rs=["The all-stations journey takes 88 minutes.", "Expresses take 61 minutes.", "88 - 61 = 37 minutes."])
bad("swapped_entity", "er-express", "express and all-stations journey times swapped",
    claim="Eastline's express trains take 88 minutes between Marston Central and Port Ellery, while all-stations trains take 61 minutes.",
    rs=["The timetable gives two journey times.", "Expresses take 88 minutes and all-stations trains 61."], code=None)
bad("duplicate", "er-express", "paraphrase of the accepted express-time claim",
    claim="All-stations services between Marston Central and Port Ellery need 88 minutes, 27 minutes longer than the 61-minute expresses.")
bad("code_mismatch", "er-speed", "code prints kilometres per minute (1.1 and 1.5), not km/h",
    code="print(round(94 / 88, 1))\nprint(round(94 / 61, 1))")
bad("unsupported_generalisation", "er-holbrook", "only the 08:12 express drops the Holbrook stop, not all expresses",
    claim="From 9 September no Eastline express train will stop at Holbrook.",
    rs=["From 9 September an express will no longer stop at Holbrook.", "So expresses in general will skip Holbrook."])
bad("altered_number", "er-fares", "anytime return changed from £38.20 to £42.80",
    claim="An off-peak return on Eastline costs £24.60, against £42.80 for an anytime return.",
    rs=["Off-peak return: £24.60.", "Anytime return: £42.80."], code=None)
bad("arithmetic_error", "er-fares", "saving divided by the off-peak fare (55.3%) instead of the anytime fare (35.6%); the code prints 35.6",
    claim="An off-peak return on Eastline costs £24.60 vs £38.20 for an anytime return, a saving of 55.3 percent.",
    rs=["Off-peak return: £24.60; anytime return: £38.20.", "38.20 - 24.60 = 13.60.", "13.60 / 24.60 = 0.553, a saving of 55.3 percent."])
bad("wrong_source", "er-fares", "Eastline quote attributed to the ferry document",
    ev=[(KF, "A standard off-peak return costs £24.60, versus £38.20 for an anytime return.")])
bad("contradiction", "er-sunday", "there is NO Sunday express service",
    claim="Eastline runs express trains on Sundays alongside hourly all-stations services from 08:00.",
    rs=["The timetable describes Sunday services.", "Expresses run as well as all-stations trains."])
bad("fabricated_quote", "er-punctuality", "quote invented ('an improvement of 2.7 points' is not in the document)",
    ev=[(ER, "Punctuality rose from 88.6 percent to 91.3 percent, an improvement of 2.7 points."),
        (ER, "Cancellations fell to 1.9 percent from 3.4 percent.")])
bad("broken_reasoning", "er-punctuality", "the punctuality gain is built from the cancellation change plus an invented 1.2",
    rs=["Punctuality was 91.3 percent against 88.6 percent.",
        "Cancellations fell by 3.4 - 1.9 = 1.5 points, so punctuality rose by 1.5 + 1.2 = 2.7 points."])
bad("wrong_answer", None, "gives the first train's arrival time (07:10), not its departure (05:42)",
    q="When does the first weekday Eastline train leave Marston Central?",
    ref="05:42",
    claim="The first weekday Eastline train of the day runs at 07:10.",
    ev=[(ER, "The first train leaves Marston Central at 05:42 and arrives at Port Ellery at 07:10, a journey of 88 minutes that stops at all nine intermediate stations.")],
    rs=["The timetable gives the first train's times.", "It is the 07:10."], code=None, conf=0.75)
bad("contradiction", None, "bicycles are NOT carried on the two peak-hour expresses",
    q="Can bicycles be taken on Eastline trains?",
    ref="Yes, free, except on the two peak-hour expresses.",
    claim="Bicycles travel free on every Eastline train, including the two peak-hour expresses.",
    ev=[(ER, "Bicycles can be carried free of charge, but not on the two peak-hour expresses.")],
    rs=["Bicycles are carried free of charge.", "This includes the peak-hour expresses."], code=None, conf=0.8)
bad("wrong_source", "mx-transport", "the Eastline and ferry quotes are attributed to each other's documents",
    ev=[(KF, "A standard off-peak return costs £24.60, versus £38.20 for an anytime return."),
        (ER, "A single adult fare to Skarra is £6.80 and to Innish £9.40; island residents pay half price.")])
bad("code_mismatch", "mx-transport", "code uses the Innish fare and prints 2.6, not 3.6",
    code="print(round(24.60 / 9.40, 1))")

# ---------------------------------------------------------------- Kilbride ferry
good("kf-skarra-share",
     q="What share of the Kilbride ferry's 2023 passengers travelled to or from Skarra?",
     ref="About 70 percent; the remaining 55,200 used the Innish route.",
     claim="Skarra passengers made up 70.4 percent of the 186,400 people the Kilbride ferry carried in 2023; the other 55,200 travelled to or from Innish.",
     ev=[(KF, "The Kilbride Harbour ferry links Kilbride with the islands of Skarra and Innish."),
         (KF, "In 2023 the operator carried 186,400 passengers, of whom 131,200 travelled to or from Skarra.")],
     rs=["The ferry serves only Skarra and Innish.", "131,200 of 186,400 passengers were Skarra travellers: 131,200 / 186,400 = 70.4 percent.",
         "The remainder, 186,400 - 131,200 = 55,200, travelled on the Innish route."],
     code="print(round(131200 / 186400 * 100, 1))\nprint(186400 - 131200)", sources=[KF, ER])
good("kf-innish-time",
     q="Why does the Innish crossing take longer than the Skarra crossing?",
     ref="The Innish route has to go round the Garron reef.",
     claim="The Innish crossing takes 55 minutes, 20 minutes longer than the 35-minute Skarra crossing, because the route has to go round the Garron reef.",
     ev=[(KF, "The crossing to Skarra takes 35 minutes and the crossing to Innish takes 55 minutes, because the Innish route has to go round the Garron reef.")],
     rs=["Skarra crossing: 35 minutes; Innish: 55 minutes.", "55 - 35 = 20 minutes.", "The reason given is the route round the Garron reef."],
     code="print(55 - 35)")
good("kf-resident",
     q="What do island residents pay for a single ferry fare?",
     ref="Half the adult fare: £3.40 to Skarra and £4.70 to Innish.",
     claim="Island residents pay £3.40 for a single to Skarra and £4.70 to Innish, half the adult fares.",
     ev=[(KF, "A single adult fare to Skarra is £6.80 and to Innish £9.40; island residents pay half price.")],
     rs=["The adult singles are £6.80 to Skarra and £9.40 to Innish.", "Residents pay half: 6.80 / 2 = 3.40 and 9.40 / 2 = 4.70."],
     code="print(6.80 / 2)\nprint(9.40 / 2)", note="code prints 3.4 and 4.7; claim writes £3.40 and £4.70")
good("kf-winter-sunday",
     q="Is there a winter Sunday ferry to Innish?",
     ref="No.",
     claim="Innish has no ferry service at all on Sundays in winter.",
     ev=[(KF, "In winter the Skarra service drops to three sailings and Innish to two, and on Sundays Innish has no winter service at all.")],
     rs=["The winter timetable reduces sailings.", "On Sundays Innish has no winter service at all."], conf=0.95)
good("kf-bikes",
     q="How much does it cost to take a bicycle on the Kilbride ferry?",
     ref="Nothing, since March 2024 (it used to be £2).",
     claim="Since March 2024 the Kilbride ferry has carried bicycles free instead of charging £2 each.",
     ev=[(KF, "Since March 2024, bicycles are carried free of charge rather than at £2 each.")],
     rs=["Since March 2024 bicycles are carried free.", "Before that they cost £2 each."], conf=0.94)
good("kf-capacity",
     q="How do the two Kilbride ferries compare in passenger capacity?",
     ref="MV Corrie Lass takes 240 passengers, two and a half times MV Innish Maid's 96.",
     claim="MV Corrie Lass carries 2.5 times as many passengers as MV Innish Maid: 240 vs 96.",
     ev=[(KF, "The vessel MV Corrie Lass carries up to 240 passengers and 28 cars."),
         (KF, "A second, smaller vessel, MV Innish Maid, carries 96 passengers and 8 cars and is used on the Innish route in winter.")],
     rs=["Corrie Lass carries up to 240 passengers.", "Innish Maid carries 96.", "240 / 96 = 2.5."],
     code="print(240 / 96)", note="reference says 'two and a half times'")

bad("arithmetic_error", "kf-skarra-share", "186,400 - 131,200 is 55,200, not 45,200; the code prints 55200",
    claim="Skarra passengers made up 70.4 percent of the 186,400 people the Kilbride ferry carried in 2023; the other 45,200 travelled to or from Innish.",
    rs=["The ferry serves only Skarra and Innish.", "131,200 / 186,400 = 70.4 percent.", "The remainder, 186,400 - 131,200 = 45,200, travelled on the Innish route."])
bad("broken_reasoning", "kf-skarra-share", "share 'derived' from the ratio of summer sailings (5/8 = 62.5%), which does not give 70.4",
    rs=["131,200 of 186,400 passengers were Skarra travellers.",
        "In summer five of the eight daily sailings go to Skarra, and 5 / 8 gives 70.4 percent, so that is Skarra's share.",
        "The remainder, 55,200, travelled on the Innish route."])
bad("swapped_entity", "kf-innish-time", "the two crossing times swapped within one sentence",
    claim="The crossing to Skarra takes 55 minutes and the crossing to Innish 35 minutes.",
    rs=["The document gives the two crossing times.", "Skarra 55 minutes, Innish 35 minutes."], code=None)
bad("duplicate", "kf-innish-time", "paraphrase of the accepted Innish crossing claim",
    claim="Because it must skirt the Garron reef, the Innish sailing lasts 55 minutes, 20 minutes more than the 35-minute run to Skarra.")
bad("code_mismatch", "kf-resident", "code doubles the fares (13.6, 18.8) instead of halving them",
    code="print(6.80 * 2)\nprint(9.40 * 2)")
bad("contradiction", "kf-winter-sunday", "Innish has NO winter Sunday service",
    claim="In winter, Innish keeps a Sunday ferry service of two sailings.",
    rs=["In winter Innish drops to two sailings.", "That includes Sundays."])
bad("unsupported_generalisation", "kf-winter-sunday", "the Sunday gap applies to Innish only, not to both islands",
    claim="Neither Skarra nor Innish has a ferry service on Sundays in winter.",
    rs=["On Sundays Innish has no winter service.", "So both islands lose their Sunday ferries in winter."])
bad("fabricated_quote", "kf-bikes", "quote reworded; not in the document",
    ev=[(KF, "From March 2024 there is no longer a £2 charge for bicycles.")])
bad("contradiction", "kf-bikes", "'free rather than £2' reversed",
    claim="Since March 2024 the Kilbride ferry has charged £2 for each bicycle rather than carrying them free.",
    rs=["The document discusses bicycle fares.", "Since March 2024 bicycles cost £2."])
bad("altered_number", "kf-capacity", "240 passengers changed to 420",
    claim="MV Corrie Lass carries up to 420 passengers and 28 cars.",
    rs=["The document gives Corrie Lass's capacity.", "It carries 420 passengers and 28 cars."], code=None)
bad("wrong_answer", "kf-capacity", "gives Corrie Lass's car capacity (28), not that of the winter Innish vessel (8)",
    q="How many cars can the vessel used on the Innish route in winter carry?",
    ref="8 cars (MV Innish Maid).",
    claim="The vessel used on the Innish route in winter carries 28 cars.",
    rs=["The document lists both vessels.", "The car capacity given is 28."], code=None)

# ---------------------------------------------------------------- Dunmore council election
good("de-turnout",
     q="How many people voted in the 2023 Dunmore District Council election?",
     ref="Roughly 27,400 (36.8% of 74,500).",
     claim="About 27,416 of Dunmore's 74,500 registered voters took part in the May 2023 council election, a turnout of 36.8 percent.",
     ev=[(DE, "In the Dunmore District Council election held on 4 May 2023, turnout was 36.8 percent of the 74,500 registered voters.")],
     rs=["Turnout was 36.8 percent of 74,500 registered voters.", "0.368 x 74,500 = 27,416."],
     code="print(round(74500 * 0.368))", sources=[DE, RM], note="count derived from a percentage; reference rounds")
good("de-seats",
     q="How did the Liberal Democrat and Conservative seat totals change in Dunmore?",
     ref="Lib Dems up six to 17; Conservatives down eight to 14.",
     claim="The Liberal Democrats gained 6 seats to reach 17 on Dunmore council in 2023, while the Conservatives lost 8, falling from 22 to 14.",
     ev=[(DE, "The Liberal Democrats won 17 seats, up from 11 at the previous election in 2019, while the Conservatives fell from 22 seats to 14.")],
     rs=["Liberal Democrats: 11 seats in 2019, 17 in 2023, so 17 - 11 = 6 gained.", "Conservatives: 22 to 14, so 22 - 14 = 8 lost."],
     code="print(17 - 11)\nprint(22 - 14)")
good("de-minority",
     q="How is Dunmore council governed after the 2023 election?",
     ref="A Liberal Democrat minority administration supported by the Greens, not a formal coalition.",
     claim="Short of the 21 seats needed for a majority, the Liberal Democrats formed a minority administration backed by the Greens instead of a formal coalition.",
     ev=[(DE, "No party achieved the 21 seats needed for a majority, so the Liberal Democrats formed a minority administration with support from the Greens rather than entering a formal coalition.")],
     rs=["No party reached the 21 seats needed for a majority.", "The Liberal Democrats formed a minority administration with Green support.", "They did not enter a formal coalition."],
     conf=0.92, note="'rather than' -> 'instead of'")
good("de-shares",
     q="How did the Conservative and Liberal Democrat vote shares change in Dunmore?",
     ref="Conservatives down 12.3 points to 31.2%; Lib Dems up 7.8 points to 34.9%.",
     claim="The Conservative vote share in Dunmore fell 12.3 points to 31.2 percent, while the Liberal Democrats' rose 7.8 points to 34.9 percent.",
     ev=[(DE, "The Conservative vote share fell to 31.2 percent from 43.5 percent, and the Liberal Democrat share rose to 34.9 percent from 27.1 percent.")],
     rs=["Conservatives: 43.5 to 31.2, a fall of 12.3 points.", "Liberal Democrats: 27.1 to 34.9, a rise of 7.8 points."],
     code="print(round(43.5 - 31.2, 1))\nprint(round(34.9 - 27.1, 1))")
good("de-okafor",
     q="What did Dunmore's new council leader say about council tax?",
     ref="It will not rise by more than 3 percent in 2024.",
     claim="Ruth, the new Liberal Democrat leader, said council tax would rise by no more than 3 percent in 2024.",
     ev=[(DE, "The new leader, Liberal Democrat Ruth Okafor, said the council would not raise council tax by more than 3 percent in 2024.")],
     rs=["The new leader is Ruth Okafor, a Liberal Democrat.", "She said council tax would not rise by more than 3 percent in 2024."],
     conf=0.9, note="first name only; 'would not raise by more than' -> 'no more than'")
good("de-independents",
     q="Did any independent candidates win seats in Dunmore in 2023?",
     ref="No, although they stood in 11 wards.",
     claim="No independent candidate won a seat in Dunmore in 2023, although independents stood in 11 wards.",
     ev=[(DE, "Independent candidates stood in 11 wards but did not win any seats.")],
     rs=["Independents stood in 11 wards.", "They did not win any seats."], conf=0.95)
good("mx-turnout",
     q="How did turnout in Riverside's mayoral runoff compare with Dunmore's council election?",
     ref="Riverside's runoff turnout (44.1%) was 7.3 points higher than Dunmore's 36.8%.",
     claim="Riverside's 44.1 percent runoff turnout was 7.3 points higher than the 36.8 percent turnout in Dunmore's 2023 council election.",
     ev=[(RM, "Turnout in the runoff was 44.1 percent, higher than the 42.6 percent in the first round."),
         (DE, "In the Dunmore District Council election held on 4 May 2023, turnout was 36.8 percent of the 74,500 registered voters.")],
     rs=["Riverside's runoff turnout was 44.1 percent.", "Dunmore's turnout was 36.8 percent.", "44.1 - 36.8 = 7.3 points."],
     code="print(round(44.1 - 36.8, 1))", conf=0.8)

bad("arithmetic_error", "de-turnout", "decimal slip: 0.368 x 74,500 is 27,416, not 2,742; the code prints 27416",
    claim="About 2,742 of Dunmore's 74,500 registered voters took part in the May 2023 council election.",
    rs=["Turnout was 36.8 percent of 74,500 registered voters.", "0.0368 x 74,500 = 2,742."])
bad("wrong_source", "de-turnout", "Dunmore quote attributed to the Riverside document",
    ev=[(RM, "In the Dunmore District Council election held on 4 May 2023, turnout was 36.8 percent of the 74,500 registered voters.")])
bad("swapped_entity", "de-seats", "the two parties' seat changes swapped",
    claim="The Conservatives rose from 11 to 17 seats on Dunmore council in 2023, while the Liberal Democrats fell from 22 to 14.",
    rs=["The document gives seat changes for the two parties.", "Conservatives 11 to 17; Liberal Democrats 22 to 14."], code=None)
bad("code_mismatch", "de-seats", "code subtracts the wrong pairs and prints 3 and 5, not 6 and 8",
    code="print(17 - 14)\nprint(22 - 17)")
bad("wrong_answer", "de-seats", "gives the Conservatives' 2019 total (22) rather than their 2023 total (14)",
    q="How many seats did the Conservatives win in Dunmore in 2023?",
    ref="14",
    claim="The Conservatives won 22 seats in the Dunmore election.",
    rs=["The document gives the Conservative seat totals.", "The figure is 22."], code=None)
bad("contradiction", "de-minority", "'minority administration rather than formal coalition' reversed",
    claim="The Liberal Democrats entered a formal coalition with the Greens in Dunmore rather than forming a minority administration.",
    rs=["No party reached 21 seats.", "The Liberal Democrats and Greens formed a formal coalition."])
bad("unsupported_generalisation", "de-minority", "Green 'support' widened to backing on every vote",
    claim="The Greens have agreed to back the Liberal Democrat administration in Dunmore on every council vote.",
    rs=["The Liberal Democrats formed a minority administration with support from the Greens.", "So the Greens will support them on every vote."], conf=0.7)
bad("broken_reasoning", "de-minority", "step 2 says Labour's support was needed, then concludes Green support; the steps do not connect",
    rs=["The Liberal Democrats won 17 seats; 21 are needed for a majority.",
        "Labour held 6 seats, so the Liberal Democrats needed Labour's support, and therefore they turned to the Greens instead of a coalition."])
bad("swapped_entity", "de-shares", "the two parties' vote shares swapped within one sentence",
    claim="The Conservative vote share in Dunmore fell to 34.9 percent from 43.5 percent, while the Liberal Democrats' rose to 31.2 percent from 27.1 percent.",
    rs=["The document gives vote shares for both parties.", "Conservatives 43.5 to 34.9; Liberal Democrats 27.1 to 31.2."], code=None)
bad("arithmetic_error", "de-shares", "43.5 - 31.2 is 12.3, not 11.3; the code prints 12.3",
    claim="The Conservative vote share in Dunmore fell 11.3 points to 31.2 percent, while the Liberal Democrats' rose 7.8 points to 34.9 percent.",
    rs=["Conservatives: 43.5 to 31.2, a fall of 11.3 points.", "Liberal Democrats: 27.1 to 34.9, a rise of 7.8 points."])
bad("altered_number", "de-okafor", "3 percent cap changed to 5 percent",
    claim="Ruth Okafor said Dunmore council tax would rise by no more than 5 percent in 2024.",
    rs=["The new leader is Ruth Okafor.", "She capped the 2024 council tax rise at 5 percent."])
bad("fabricated_quote", "de-okafor", "quote reworded ('pledged', 'at or below'); not in the document",
    ev=[(DE, "Ruth Okafor pledged to keep the 2024 council tax increase at or below 3 percent.")])
bad("wrong_answer", None, "Martin Heale was the former leader and lost his seat; the new leader is Ruth Okafor",
    q="Who became leader of Dunmore council after the 2023 election?",
    ref="Ruth Okafor (Liberal Democrat).",
    claim="Martin Heale is the leader of Dunmore District Council.",
    ev=[(DE, "Council leader Martin Heale lost his seat in Fenwick ward.")],
    rs=["The document names Martin Heale as council leader."], code=None, conf=0.7)
bad("duplicate", "de-independents", "paraphrase of the accepted independents claim",
    claim="Independents contested 11 Dunmore wards in 2023 but came away without a single seat.")
bad("wrong_source", "mx-turnout", "the Riverside and Dunmore quotes are attributed to each other's documents",
    ev=[(DE, "Turnout in the runoff was 44.1 percent, higher than the 42.6 percent in the first round."),
        (RM, "In the Dunmore District Council election held on 4 May 2023, turnout was 36.8 percent of the 74,500 registered voters.")])
bad("code_mismatch", "mx-turnout", "code uses Riverside's first-round turnout and prints 5.8, not 7.3",
    code="print(round(42.6 - 36.8, 1))")

# ---------------------------------------------------------------- Riverside mayoral election
good("rm-runoff",
     q="By what share of the vote did Carver win the Riverside runoff?",
     ref="About 51.3 percent, 52,640 votes to 49,910.",
     claim="Carver won the Riverside runoff with 51.3 percent of the vote, 52,640 to Estrada's 49,910.",
     ev=[(RM, "In the runoff, Carver won with 52,640 votes to Estrada's 49,910, a margin of 2,730.")],
     rs=["Carver had 52,640 votes and Estrada 49,910.", "Total: 102,550.", "52,640 / 102,550 = 0.513, or 51.3 percent."],
     code="print(round(52640 / (52640 + 49910) * 100, 1))", sources=[RM, DE])
good("rm-firstround",
     q="Who won the most votes in Riverside's first round?",
     ref="Gloria Estrada, the incumbent, with 38.4%.",
     claim="In the first round Gloria led with 38.4 percent of the vote, ahead of Carver's 33.4 percent and Haddad's 20.0 percent.",
     ev=[(RM, "In the first round, on 9 March, incumbent mayor Gloria Estrada received 41,230 votes (38.4 percent), businessman Neil Carver 35,870 (33.4 percent), and teacher Farida Haddad 21,460 (20.0 percent), with the remaining votes split between three minor candidates.")],
     rs=["Gloria Estrada received 38.4 percent in the first round.", "Neil Carver had 33.4 percent and Farida Haddad 20.0 percent."],
     conf=0.92, note="first name only for Estrada")
good("rm-endorse",
     q="Whom did Farida Haddad endorse in the runoff, and why?",
     ref="Neil Carver, because of his housing plans.",
     claim="Farida Haddad backed Carver instead of Estrada before the runoff, citing his housing plans.",
     ev=[(RM, "Haddad endorsed Carver rather than Estrada, citing his housing plans.")],
     rs=["Haddad endorsed Carver rather than Estrada.", "She cited his housing plans."], conf=0.94)
good("rm-gain",
     q="How many more votes did Carver get in the runoff than in the first round?",
     ref="16,770 more (35,870 to 52,640).",
     claim="Carver's vote rose by 16,770 between the first round and the runoff, from 35,870 to 52,640.",
     ev=[(RM, "businessman Neil Carver 35,870 (33.4 percent)"),
         (RM, "In the runoff, Carver won with 52,640 votes to Estrada's 49,910, a margin of 2,730.")],
     rs=["Carver had 35,870 votes in the first round.", "He had 52,640 in the runoff.", "52,640 - 35,870 = 16,770."],
     code="print(52640 - 35870)")
good("rm-norecount",
     q="Did Gloria Estrada request a recount?",
     ref="No; she conceded on the night.",
     claim="Estrada conceded on election night and did not ask for a recount.",
     ev=[(RM, "Estrada conceded on the night and did not request a recount.")],
     rs=["Estrada conceded on the night.", "She did not request a recount."], conf=0.95)
good("rm-districts",
     q="How did the districts split in the Riverside runoff?",
     ref="Carver won 9 of the 15 districts; Estrada won 6, including the four southern riverside districts.",
     claim="Carver carried 9 of Riverside's 15 districts in the runoff and Estrada the other 6, among them all four riverside districts in the south.",
     ev=[(RM, "Carver won 9 of the city's 15 districts in the runoff, while Estrada carried the other 6, including all four riverside districts in the south.")],
     rs=["Carver won 9 of 15 districts.", "Estrada carried the other 6, including all four southern riverside districts."], conf=0.93)
good("rm-minor",
     q="What share of the first-round vote went to Riverside's minor candidates?",
     ref="About 8.2 percent.",
     claim="The three minor candidates in Riverside's first round shared 8.2 percent of the vote.",
     ev=[(RM, "In the first round, on 9 March, incumbent mayor Gloria Estrada received 41,230 votes (38.4 percent), businessman Neil Carver 35,870 (33.4 percent), and teacher Farida Haddad 21,460 (20.0 percent), with the remaining votes split between three minor candidates.")],
     rs=["The three main candidates had 38.4 + 33.4 + 20.0 = 91.8 percent.", "The remainder, 100 - 91.8 = 8.2 percent, went to the three minor candidates."],
     code="print(round(100 - 38.4 - 33.4 - 20.0, 1))")

bad("swapped_entity", "rm-runoff", "winner and loser swapped with their vote totals",
    claim="Estrada won the Riverside runoff with 52,640 votes to Carver's 49,910.",
    rs=["The runoff result is given.", "Estrada had 52,640 and Carver 49,910."], code=None)
bad("arithmetic_error", "rm-runoff", "52,640 - 49,910 is 2,730, not 3,730",
    claim="Carver beat Estrada by 3,730 votes in the Riverside runoff, 52,640 to 49,910.",
    rs=["Carver had 52,640 votes and Estrada 49,910.", "52,640 - 49,910 = 3,730."], code=None)
bad("code_mismatch", "rm-runoff", "code adds Haddad's first-round votes to the total and prints 42.4, not 51.3",
    code="print(round(52640 / (52640 + 49910 + 21460) * 100, 1))")
bad("swapped_entity", "rm-firstround", "Estrada's and Carver's first-round shares swapped",
    claim="In the first round Carver led with 38.4 percent of the vote, ahead of Estrada's 33.4 percent and Haddad's 20.0 percent.",
    rs=["Neil Carver received 38.4 percent in the first round.", "Gloria Estrada had 33.4 percent and Haddad 20.0 percent."])
bad("wrong_answer", "rm-firstround", "answers with the overall winner (Carver), not the first-round leader (Estrada)",
    claim="Neil Carver won the most votes in the Riverside mayoral election, with 52,640 in the runoff.",
    ev=[(RM, "In the runoff, Carver won with 52,640 votes to Estrada's 49,910, a margin of 2,730.")],
    rs=["The election went to a runoff.", "Carver won the runoff with 52,640 votes."])
bad("contradiction", "rm-endorse", "'Carver rather than Estrada' reversed",
    claim="Farida Haddad endorsed Estrada rather than Carver before the runoff.",
    rs=["Haddad made an endorsement before the runoff.", "She endorsed Estrada."])
bad("unsupported_generalisation", "rm-endorse", "an endorsement does not show that all her voters switched",
    claim="All of Farida Haddad's 21,460 first-round voters switched to Carver in the runoff after she endorsed him.",
    rs=["Haddad endorsed Carver.", "Her 21,460 voters therefore all voted for him in the runoff."], conf=0.7)
bad("altered_number", "rm-gain", "Carver's runoff vote changed from 52,640 to 53,640",
    claim="Carver received 53,640 votes in the Riverside runoff, up from 35,870 in the first round.",
    rs=["Carver had 35,870 votes in the first round.", "He had 53,640 in the runoff."], code=None)
bad("broken_reasoning", "rm-gain", "the step adds Haddad's votes (giving 57,330), then asserts 52,640 and a gain of 16,770",
    rs=["Carver had 35,870 votes in the first round.",
        "Haddad endorsed him, so all her 21,460 votes went to him: 35,870 + 21,460 = 52,640.",
        "So his vote rose by 16,770."])
bad("contradiction", "rm-norecount", "she did NOT request a recount",
    claim="Estrada refused to concede on election night and requested a recount.",
    rs=["The document describes Estrada's reaction.", "She asked for a recount."])
bad("fabricated_quote", "rm-norecount", "quote reworded; not in the document",
    ev=[(RM, "Estrada accepted the result on election night and said she would not seek a recount.")])
bad("duplicate", "rm-districts", "paraphrase of the accepted district-split claim",
    claim="In the runoff Carver took 9 of Riverside's 15 districts, with Estrada winning the remaining 6, including every one of the four southern riverside districts.")
bad("unsupported_generalisation", "rm-districts", "'all four riverside districts in the south' widened to every southern district",
    claim="Estrada won every district in the south of Riverside in the runoff.",
    rs=["Estrada carried all four riverside districts in the south.", "So she won the whole south of the city."])
bad("arithmetic_error", "rm-minor", "100 - 38.4 - 33.4 - 20.0 is 8.2, not 9.2; the code prints 8.2",
    claim="The three minor candidates in Riverside's first round shared 9.2 percent of the vote.",
    rs=["The three main candidates had 38.4 + 33.4 + 20.0 = 90.8 percent.", "The remainder, 100 - 90.8 = 9.2 percent, went to the minor candidates."])

# ---------------------------------------------------------------- Hollins school meals
good("hs-eligible",
     q="What share of Hollins pupils were eligible for free meals before the change?",
     ref="About 37 percent (142 of 388).",
     claim="Before free lunches for all were introduced, 36.6 percent of Hollins pupils (142 of 388) were eligible for free meals.",
     ev=[(HS, "Before the change, 142 of the school's 388 pupils were eligible for free meals, and about 90 others paid £2.45 a day.")],
     rs=["142 of 388 pupils were eligible.", "142 / 388 = 0.366, i.e. 36.6 percent."],
     code="print(round(142 / 388 * 100, 1))", sources=[HS, AS])
good("hs-meals",
     q="How many more meals does the Hollins kitchen serve since lunches became free?",
     ref="About 350 a day instead of 225, roughly 56% more.",
     claim="Hollins' kitchen now serves around 350 meals a day, up 55.6 percent from about 225 before lunches became free.",
     ev=[(HS, "The kitchen now serves around 350 meals a day, compared with about 225 before.")],
     rs=["Meals rose from about 225 to about 350 a day.", "(350 - 225) / 225 = 125 / 225 = 0.556, i.e. 55.6 percent."],
     code="print(round((350 - 225) / 225 * 100, 1))")
good("hs-budget",
     q="Did free school meals at Hollins lead to cuts in teaching budgets?",
     ref="No; the council funds them from a separate £312,000 grant.",
     claim="Alison said the free meals came with no cut to teaching budgets, because the council pays for them from a separate £312,000-a-year grant.",
     ev=[(HS, "The headteacher, Alison Brereton, said the free meals had been introduced without any cut to teaching budgets, because the council funds them from a separate grant of £312,000 a year.")],
     rs=["The headteacher, Alison Brereton, addressed funding.", "The meals were introduced without any cut to teaching budgets.", "The council funds them from a separate £312,000 annual grant."],
     conf=0.9, note="first name only; 'without any cut' -> 'no cut'")
good("hs-packed",
     q="How has the number of packed lunches at Hollins changed?",
     ref="It fell from 121 to 38 pupils.",
     claim="Only 38 Hollins pupils now bring packed lunches, down from 121, a fall of 68.6 percent.",
     ev=[(HS, "Packed lunches are still allowed, but only 38 pupils now bring them, down from 121.")],
     rs=["38 pupils now bring packed lunches, down from 121.", "(121 - 38) / 121 = 83 / 121 = 0.686, i.e. 68.6 percent."],
     code="print(round((121 - 38) / 121 * 100, 1))")
good("hs-settled",
     q="Has Hollins measured the effect of free lunches on pupils' behaviour?",
     ref="No; teachers report pupils are more settled in the afternoon, but it has not been measured formally.",
     claim="Hollins teachers say pupils are more settled in afternoon lessons, but the school has not formally measured this.",
     ev=[(HS, "Teachers reported that pupils were more settled in afternoon lessons, although the school has not measured this formally.")],
     rs=["Teachers reported pupils were more settled in the afternoon.", "The school has not measured this formally."], conf=0.93)
good("hs-onsite",
     q="Where are Hollins school meals cooked?",
     ref="On site at the school.",
     claim="Hollins meals are cooked on site, not delivered from the council's central kitchen, which shut in 2022.",
     ev=[(HS, "Meals are cooked on site rather than delivered from the council's central kitchen, which closed in 2022.")],
     rs=["Meals are cooked on site.", "The council's central kitchen closed in 2022."], conf=0.95, note="'rather than' -> 'not'; 'closed' -> 'shut'")
good("hs-grant",
     q="How much does the free-meals grant work out at per Hollins pupil?",
     ref="About £804 per pupil per year.",
     claim="The council's £312,000 annual grant works out at about £804 per Hollins pupil.",
     ev=[(HS, "the council funds them from a separate grant of £312,000 a year"),
         (HS, "142 of the school's 388 pupils")],
     rs=["The grant is £312,000 a year.", "The school has 388 pupils.", "312,000 / 388 = 804."],
     code="print(round(312000 / 388))")

bad("arithmetic_error", "hs-eligible", "142/388 is 36.6%, not 26.6%; the code prints 36.6",
    claim="Before free lunches for all were introduced, 26.6 percent of Hollins pupils (142 of 388) were eligible for free meals.",
    rs=["142 of 388 pupils were eligible.", "142 / 388 = 0.266, i.e. 26.6 percent."])
bad("swapped_entity", "hs-eligible", "the eligible (142) and paying (about 90) groups swapped",
    claim="Before the change, about 90 Hollins pupils were eligible for free meals and 142 others paid £2.45 a day.",
    rs=["The document describes the position before the change.", "About 90 pupils were eligible and 142 paid £2.45."], code=None)
bad("wrong_source", "hs-eligible", "Hollins quote attributed to the Ashworth library document",
    ev=[(AS, "Before the change, 142 of the school's 388 pupils were eligible for free meals, and about 90 others paid £2.45 a day.")])
bad("code_mismatch", "hs-meals", "code divides by 350 and prints 35.7, not 55.6",
    code="print(round((350 - 225) / 350 * 100, 1))")
bad("altered_number", "hs-meals", "the earlier figure changed from about 225 to about 252",
    claim="Hollins' kitchen now serves around 350 meals a day, compared with about 252 before lunches became free.",
    rs=["Meals rose from about 252 to about 350 a day."], code=None)
bad("fabricated_quote", "hs-budget", "quote reworded; not in the document",
    ev=[(HS, "Teaching budgets were not cut, because the council pays for the meals with a £312,000 grant.")])
bad("contradiction", "hs-budget", "the meals were introduced WITHOUT any cut to teaching budgets",
    claim="Hollins cut its teaching budgets to pay for free meals for every pupil.",
    rs=["The headteacher discussed funding.", "Teaching budgets were cut to fund the meals."])
bad("wrong_answer", "hs-packed", "gives the earlier packed-lunch figure (121) instead of 38",
    q="How many Hollins pupils now bring packed lunches?",
    ref="38",
    claim="121 Hollins pupils bring packed lunches.",
    rs=["The document gives packed-lunch numbers.", "The figure is 121."], code=None)
bad("contradiction", "hs-settled", "the school has NOT measured this formally",
    claim="Hollins has formally measured that pupils are more settled in afternoon lessons since lunches became free.",
    rs=["Teachers reported pupils were more settled.", "The school measured this formally."])
bad("unsupported_generalisation", "hs-settled", "teachers' report on afternoon settling widened to better concentration in all lessons",
    claim="Free lunches have improved pupils' concentration in every lesson at Hollins.",
    rs=["Teachers reported pupils were more settled in afternoon lessons.", "So concentration has improved across all lessons."], conf=0.7)
bad("contradiction", "hs-onsite", "'on site rather than delivered' reversed",
    claim="Hollins meals are delivered from the council's central kitchen rather than cooked on site.",
    rs=["The document describes where meals are prepared.", "They come from the council's central kitchen."])
bad("duplicate", "hs-onsite", "paraphrase of the accepted on-site cooking claim",
    claim="Lunches at Hollins are prepared in the school's own kitchen instead of being brought in from the council's central kitchen, which closed in 2022.")
bad("broken_reasoning", "hs-grant", "the per-pupil figure is 'derived' from the old paid-meal takings, a non sequitur",
    rs=["The grant is £312,000 a year.",
        "About 90 pupils used to pay £2.45 a day, and 90 x 2.45 = 220.50, so the grant comes to £804 per pupil."])

# ---------------------------------------------------------------- Pelham Glassworks
good("pg-workforce",
     q="How much did the Pelham Glassworks workforce shrink from its peak?",
     ref="By about 83%, from 1,850 to 310.",
     claim="Pelham Glassworks' workforce shrank 83.2 percent, from 1,850 at its 1970s peak to 310 at closure.",
     ev=[(PG, "At its peak in the 1970s the works employed 1,850 people; by the time of closure only 310 remained.")],
     rs=["The peak workforce was 1,850 in the 1970s.", "310 remained at closure.", "(1,850 - 310) / 1,850 = 1,540 / 1,850 = 0.832, i.e. 83.2 percent."],
     code="print(round((1850 - 310) / 1850 * 100, 1))", sources=[PG, TC])
good("pg-opened",
     q="When did the Pelham Glassworks open?",
     ref="1907.",
     claim="Pelham Glassworks must have opened in 1907, since it closed in March 2019 after 112 years of production.",
     ev=[(PG, "The Pelham Glassworks in Stourby closed in March 2019 after 112 years of production.")],
     rs=["The works closed in 2019 after 112 years.", "2019 - 112 = 1907."],
     code="print(2019 - 112)", note="year derived by subtraction")
good("pg-gas",
     q="What was the main cause of the Pelham Glassworks closure?",
     ref="Rising gas prices.",
     claim="Rising gas prices were the main reason Pelham Glassworks closed: its furnaces ran continuously at about 1,500 °C, so energy was around 40 percent of production costs.",
     ev=[(PG, "The main cause was the rise in gas prices: melting glass requires furnaces to run continuously at around 1,500 °C, so energy made up about 40 percent of production costs.")],
     rs=["The document names the rise in gas prices as the main cause.", "Furnaces run continuously at about 1,500 °C.", "So energy made up about 40 percent of costs."],
     sources=[PG, TC], conf=0.92)
good("pg-unemployment",
     q="How did the glassworks closure affect unemployment in Stourby?",
     ref="It rose from 4.2% to 6.9% within a year.",
     claim="The glassworks closure pushed Stourby's unemployment up 2.7 points, from 4.2 percent to 6.9 percent, because few other local employers needed the same skills.",
     ev=[(PG, "The closure led to a sharp rise in local unemployment, from 4.2 percent to 6.9 percent within a year, because few other employers in Stourby needed the same skills.")],
     rs=["Unemployment rose from 4.2 to 6.9 percent within a year.", "6.9 - 4.2 = 2.7 points.", "The reason: few other employers needed the same skills."],
     code="print(round(6.9 - 4.2, 1))")
good("pg-never",
     q="Had the Pelham Glassworks ever closed before 2019?",
     ref="No, not even during the Second World War.",
     claim="Derek said the Pelham works had not closed at any earlier point, even during the Second World War.",
     ev=[(PG, "Local historian Derek Amis noted that the works had never previously closed, not even during the Second World War.")],
     rs=["The local historian Derek Amis commented on the works' history.", "He noted the works had never previously closed, not even in the Second World War."],
     conf=0.9, note="first name only; 'never previously' -> 'not at any earlier point'")
good("pg-studio",
     q="What did former Pelham glassworkers do after the closure?",
     ref="Set up a studio glass business in 2020 with 14 staff, using electric furnaces.",
     claim="The studio glass business that former workers founded in 2020 uses electric furnaces instead of gas and employs 14 people.",
     ev=[(PG, "Former workers set up a small studio glass business in 2020 that employs 14 people and uses electric furnaces rather than gas.")],
     rs=["Former workers set up a studio glass business in 2020.", "It employs 14 people.", "It uses electric furnaces rather than gas."], conf=0.93)

bad("arithmetic_error", "pg-workforce", "reports the share remaining (16.8%) as the fall; the code prints 83.2",
    claim="Pelham Glassworks' workforce shrank 16.8 percent, from 1,850 at its 1970s peak to 310 at closure.",
    rs=["The peak workforce was 1,850.", "310 remained at closure.", "310 / 1,850 = 0.168, so the workforce shrank 16.8 percent."])
bad("fabricated_quote", "pg-workforce", "quote reworded; not in the document",
    ev=[(PG, "The workforce fell from 1,850 in the 1970s to just 310 when the works closed.")])
bad("arithmetic_error", "pg-opened", "2019 - 112 is 1907, not 1917; the code prints 1907",
    claim="Pelham Glassworks must have opened in 1917, since it closed in March 2019 after 112 years of production.",
    rs=["The works closed in 2019 after 112 years.", "2019 - 112 = 1917."])
bad("broken_reasoning", "pg-opened", "the opening year is 'inferred' from the 1970s workforce peak, a non sequitur",
    rs=["The works closed in March 2019.", "Its peak was in the 1970s with 1,850 workers, which means it must have opened in 1907."])
bad("contradiction", "pg-gas", "causal chain reversed: continuous furnaces made energy costly, not the other way round",
    claim="Because energy made up about 40 percent of Pelham's production costs, its furnaces had to run continuously at about 1,500 °C.",
    rs=["Energy was about 40 percent of costs.", "That is why the furnaces had to run continuously."])
bad("altered_number", "pg-gas", "energy share changed from about 40 percent to about 60 percent",
    claim="Energy made up about 60 percent of production costs at Pelham Glassworks, whose furnaces ran continuously at around 1,500 °C.",
    rs=["Furnaces run continuously at about 1,500 °C.", "Energy made up about 60 percent of costs."])
bad("swapped_entity", "pg-gas", "the energy cost share (40%) and the import price gap (18%) swapped",
    claim="Energy made up about 18 percent of Pelham's production costs, and imported bottles were around 40 percent cheaper.",
    ev=[(PG, "The main cause was the rise in gas prices: melting glass requires furnaces to run continuously at around 1,500 °C, so energy made up about 40 percent of production costs."),
        (PG, "A second factor was competition from imported bottles, which were around 18 percent cheaper.")],
    rs=["The document gives the energy share of costs and the import price gap.", "Energy was 18 percent of costs and imports 40 percent cheaper."])
bad("wrong_source", "pg-gas", "glassworks quote attributed to the Tallow Canal document",
    ev=[(TC, "The main cause was the rise in gas prices: melting glass requires furnaces to run continuously at around 1,500 °C, so energy made up about 40 percent of production costs.")])
bad("wrong_answer", "pg-gas", "names the second factor (cheap imports) as the cause; the main cause was gas prices",
    claim="The Pelham Glassworks closed because of competition from imported bottles that were around 18 percent cheaper.",
    ev=[(PG, "A second factor was competition from imported bottles, which were around 18 percent cheaper.")],
    rs=["Imported bottles were around 18 percent cheaper.", "That competition is why the works closed."])
bad("code_mismatch", "pg-unemployment", "code prints the ratio 1.6, not the 2.7-point rise",
    code="print(round(6.9 / 4.2, 1))")
bad("contradiction", "pg-unemployment", "cause and effect reversed: the closure led to the unemployment rise",
    claim="Rising unemployment in Stourby, from 4.2 percent to 6.9 percent, led to the closure of the Pelham Glassworks.",
    rs=["Unemployment rose from 4.2 to 6.9 percent.", "That rise caused the glassworks to close."], code=None)
bad("unsupported_generalisation", "pg-never", "'never previously closed' stretched to 'never stopped production for a single day'",
    claim="Pelham Glassworks never stopped production for a single day in its 112 years.",
    rs=["Derek Amis said the works had never previously closed.", "So production never paused, even for a day."])
bad("duplicate", "pg-studio", "paraphrase of the accepted studio-business claim",
    claim="In 2020 ex-Pelham employees launched a 14-person studio glass firm that runs electric rather than gas furnaces.")

# ---------------------------------------------------------------- Coral bleaching
good("cr-mechanism",
     q="What causes a coral to eject its algae during heat stress?",
     ref="Heat damages the algae's photosynthesis, harmful oxygen compounds build up, and the coral ejects the algae to protect itself.",
     claim="Heat stress damages the algae's photosynthetic machinery, leading to a build-up of harmful oxygen compounds, so the coral ejects the algae to protect itself.",
     ev=[(CR, "Heat stress damages the algae's photosynthetic machinery, which leads to a build-up of harmful oxygen compounds; the coral then ejects the algae to protect itself.")],
     rs=["Heat stress damages the algae's photosynthetic machinery.", "That leads to a build-up of harmful oxygen compounds.", "The coral then ejects the algae to protect itself."],
     sources=[CR, TI], conf=0.93, note="'which leads to' -> 'leading to'; causal chain preserved")
good("cr-depth",
     q="How did bleaching on the Carrow Reef in 2016 differ by depth?",
     ref="Shallow: 62% bleached, 29% died; below 15 m: 24% bleached, 6% died.",
     claim="On the Carrow Reef in 2016, 62 percent of shallow corals bleached vs 24 percent below 15 metres, and 29 percent of shallow corals died vs 6 percent of deeper ones.",
     ev=[(CR, "During the 2016 event on the Carrow Reef, surveys found that 62 percent of shallow corals bleached and 29 percent died, versus 24 percent bleached and 6 percent dead at depths below 15 metres.")],
     rs=["Shallow corals: 62 percent bleached and 29 percent died.", "Below 15 metres: 24 percent bleached and 6 percent died."], conf=0.92)
good("cr-ratio",
     q="How much more likely were shallow corals to bleach than deep ones on the Carrow Reef in 2016?",
     ref="About 2.6 times as likely.",
     claim="Shallow corals on the Carrow Reef were about 2.6 times as likely to bleach in 2016 as those below 15 metres (62 percent vs 24 percent).",
     ev=[(CR, "62 percent of shallow corals bleached and 29 percent died, versus 24 percent bleached and 6 percent dead at depths below 15 metres")],
     rs=["62 percent of shallow corals bleached.", "24 percent of corals below 15 metres bleached.", "62 / 24 = 2.6."],
     code="print(round(62 / 24, 1))")
good("cr-notdead",
     q="Are bleached corals dead?",
     ref="No; they can recover if temperatures fall within a few weeks.",
     claim="Bleached corals are still alive and can recover if temperatures drop within a few weeks, although prolonged bleaching leads to starvation and death.",
     ev=[(CR, "Bleached corals are not dead, and they can recover if temperatures fall within a few weeks, but prolonged bleaching leads to starvation and death.")],
     rs=["Bleached corals are not dead.", "They can recover if temperatures fall within a few weeks.", "Prolonged bleaching leads to starvation and death."],
     conf=0.94, note="'not dead' -> 'still alive'")
good("cr-trigger",
     q="How much warming triggers widespread coral bleaching?",
     ref="About 1 °C above the usual summer maximum for four weeks or more.",
     claim="Sea temperatures just 1 degree Celsius above the usual summer maximum for four weeks or more can trigger widespread coral bleaching.",
     ev=[(CR, "The main trigger is sea water that stays unusually warm: a rise of just 1 °C above the usual summer maximum for four weeks or more can cause widespread bleaching.")],
     rs=["The main trigger is unusually warm water.", "1 °C above the usual summer maximum for four weeks or more can cause widespread bleaching."],
     conf=0.93, note="'°C' -> 'degree Celsius'")
good("cr-colour",
     q="Why do bleached corals look white?",
     ref="Without their algae, the white limestone skeleton shows through the clear tissue.",
     claim="Bleached corals look white because losing their algae leaves the white limestone skeleton visible through clear tissue.",
     ev=[(CR, "The algae supply up to 90 percent of the coral's energy through photosynthesis and give corals much of their colour, so losing them leaves the white limestone skeleton visible through clear tissue.")],
     rs=["The algae give corals much of their colour.", "Losing them leaves the white skeleton visible through clear tissue."], conf=0.93)
good("cr-recovery",
     q="How long does a reef take to recover from severe bleaching?",
     ref="Usually 10 to 15 years for fast-growing species; decades for slow-growing massive corals.",
     claim="Fast-growing corals typically take 10-15 years to recover from severe bleaching, while slow-growing massive corals may take several decades.",
     ev=[(CR, "Recovery of a reef from severe bleaching usually takes between 10 and 15 years for fast-growing species."),
         (CR, "Slow-growing massive corals may take several decades")],
     rs=["Fast-growing species usually recover in 10 to 15 years.", "Slow-growing massive corals may take several decades."],
     conf=0.9, note="'between 10 and 15 years' -> '10-15 years'")

bad("contradiction", "cr-mechanism", "causal order reversed: ejection follows photosynthetic damage, not the reverse",
    claim="Corals eject their algae first, and the ejection is what damages the algae's photosynthetic machinery and causes heat stress.",
    rs=["The coral ejects the algae.", "That leads to damaged photosynthesis and heat stress."])
bad("wrong_source", "cr-mechanism", "coral quote attributed to the Tern Island document",
    ev=[(TI, "Heat stress damages the algae's photosynthetic machinery, which leads to a build-up of harmful oxygen compounds; the coral then ejects the algae to protect itself.")])
bad("swapped_entity", "cr-depth", "shallow and deep bleaching rates swapped",
    claim="On the Carrow Reef in 2016, 24 percent of shallow corals bleached vs 62 percent below 15 metres.",
    rs=["The survey compared shallow and deep corals.", "Shallow: 24 percent bleached; below 15 metres: 62 percent."])
bad("swapped_entity", "cr-depth", "within one sentence, the shallow bleaching (62%) and death (29%) figures swapped",
    claim="On the Carrow Reef in 2016, 29 percent of shallow corals bleached and 62 percent died.",
    rs=["The survey gave shallow-water figures.", "29 percent bleached and 62 percent died."])
bad("wrong_answer", "cr-depth", "gives the bleaching rate (62%) when asked for the death rate (29%)",
    q="What share of shallow corals died on the Carrow Reef in 2016?",
    ref="29 percent.",
    claim="62 percent of shallow corals on the Carrow Reef were lost in the 2016 event.",
    rs=["The survey gives a figure for shallow corals in 2016.", "It is 62 percent."])
bad("code_mismatch", "cr-ratio", "code compares death rates (29/6 = 4.8) instead of bleaching rates",
    code="print(round(29 / 6, 1))")
bad("arithmetic_error", "cr-ratio", "62/24 is 2.6, not 3.6; the code prints 2.6",
    claim="Shallow corals on the Carrow Reef were about 3.6 times as likely to bleach in 2016 as those below 15 metres (62 percent vs 24 percent).",
    rs=["62 percent of shallow corals bleached.", "24 percent of deep corals bleached.", "62 / 24 = 3.6."])
bad("contradiction", "cr-notdead", "bleached corals are NOT dead and CAN recover",
    claim="Bleached corals are dead and cannot recover, even if temperatures fall within a few weeks.",
    rs=["The document discusses the state of bleached corals.", "Bleached corals are dead."])
bad("unsupported_generalisation", "cr-trigger", "'can cause' after four weeks at +1 °C widened to 'any rise always causes'",
    claim="Any rise in sea temperature above the summer maximum always causes widespread coral bleaching.",
    rs=["A 1 °C rise for four weeks or more can cause widespread bleaching.", "So any rise, however brief, always causes it."])
bad("altered_number", "cr-trigger", "1 °C changed to 2 °C",
    claim="Sea temperatures 2 degrees Celsius above the usual summer maximum for four weeks or more are needed to trigger widespread coral bleaching.",
    rs=["The main trigger is unusually warm water.", "A 2 °C rise for four weeks or more is needed."])
bad("duplicate", "cr-trigger", "paraphrase of the accepted bleaching-trigger claim",
    claim="Widespread bleaching can follow when sea water stays just 1 °C warmer than the normal summer peak for a month or more.")
bad("fabricated_quote", "cr-colour", "quote reworded; not in the document",
    ev=[(CR, "Without their algae, corals turn white because the skeleton shows through the tissue.")])
bad("broken_reasoning", "cr-colour", "step 2 derives the white colour from cloud cover, a non sequitur",
    rs=["Corals expel their algae during bleaching.", "Cloud cover can reduce heat stress, and that is why bleached corals appear white."])
bad("unsupported_generalisation", "cr-recovery", "recovery time for fast-growing species generalised to all reefs",
    claim="All coral reefs recover fully from bleaching within 15 years.",
    ev=[(CR, "Recovery of a reef from severe bleaching usually takes between 10 and 15 years for fast-growing species.")],
    rs=["Fast-growing species usually recover in 10 to 15 years.", "So every reef is fully recovered within 15 years."])

# ---------------------------------------------------------------- Ashworth libraries
good("as-other",
     q="How many of Ashworth's 2023 loans were DVDs and other items?",
     ref="About 0.07 million (70,000).",
     claim="DVDs and other non-book items made up about 0.07 million of Ashworth's 1.46 million loans in 2023.",
     ev=[(AS, "Ashworth County Libraries lent 1.46 million items in 2023, down from 1.52 million in 2022."),
         (AS, "Printed books accounted for 1.08 million loans and e-books and e-audiobooks for 0.31 million, with the rest made up of DVDs and other items.")],
     rs=["Total loans were 1.46 million.", "Printed books 1.08 million and e-books 0.31 million.", "1.46 - 1.08 - 0.31 = 0.07 million."],
     code="print(round(1.46 - 1.08 - 0.31, 2))", sources=[AS, HS], note="remainder; reference writes 70,000")
good("as-digital-spend",
     q="What share of Ashworth's stock budget went on digital titles?",
     ref="About 32 percent (£0.62m of £1.94m).",
     claim="Digital titles took £0.62m, or 32.0 percent, of Ashworth's £1.94m spending on new stock.",
     ev=[(AS, "Spending on new stock was £1.94m, of which £0.62m went on digital titles.")],
     rs=["Stock spending was £1.94m.", "£0.62m went on digital titles.", "0.62 / 1.94 = 0.320, i.e. 32.0 percent."],
     code="print(round(0.62 / 1.94 * 100, 1))")
good("as-children",
     q="Which was borrowed more at Ashworth in 2023, children's books or adult fiction?",
     ref="Children's books: 412,000 loans against 398,000.",
     claim="For the first time, children's books at Ashworth (412,000 loans) were borrowed more than adult fiction (398,000 loans).",
     ev=[(AS, "Children's books were borrowed more than adult fiction for the first time: 412,000 children's loans versus 398,000 adult fiction loans.")],
     rs=["Children's loans were 412,000.", "Adult fiction loans were 398,000.", "This was the first time children's books led."], conf=0.94)
good("as-fines",
     q="What happened to overdue items after Ashworth stopped charging fines?",
     ref="They fell, because borrowers were no longer afraid to return late books.",
     claim="After Ashworth scrapped late-return fines in April 2023, overdue items fell, because borrowers were no longer afraid to bring late books back.",
     ev=[(AS, "The service stopped charging fines for late returns in April 2023, and the number of overdue items actually fell afterwards, because borrowers were no longer afraid to bring back late books.")],
     rs=["Fines stopped in April 2023.", "Overdue items fell afterwards.", "The stated reason: borrowers were no longer afraid to return late books."], conf=0.92)
good("as-members",
     q="How did Ashworth's active membership change in 2023?",
     ref="It fell by 3,500 to 84,600, about 4 percent.",
     claim="Ashworth's active membership fell by 3,500 to 84,600 in 2023, a drop of 4.0 percent.",
     ev=[(AS, "Active members, people who borrowed at least once in the year, numbered 84,600, compared with 88,100 in 2022.")],
     rs=["Active members were 84,600, against 88,100 in 2022.", "88,100 - 84,600 = 3,500.", "3,500 / 88,100 = 0.040, i.e. 4.0 percent."],
     code="print(88100 - 84600)\nprint(round((88100 - 84600) / 88100 * 100, 1))")
good("as-hours",
     q="Did Ashworth close any branches in 2023?",
     ref="No; it cut opening hours at five small branches instead.",
     claim="Ashworth cut opening hours at five small branches in 2023 instead of closing them.",
     ev=[(AS, "Opening hours were cut at five small branches in 2023 rather than closing them altogether.")],
     rs=["Opening hours were cut at five small branches.", "They were not closed altogether."], conf=0.94)
good("as-loans",
     q="By how much did Ashworth's total loans fall in 2023?",
     ref="About 3.9 percent, from 1.52 million to 1.46 million.",
     claim="Ashworth's total loans fell 3.9 percent in 2023, from 1.52 million to 1.46 million.",
     ev=[(AS, "Ashworth County Libraries lent 1.46 million items in 2023, down from 1.52 million in 2022.")],
     rs=["Loans fell from 1.52 million to 1.46 million.", "(1.52 - 1.46) / 1.52 = 0.039, i.e. 3.9 percent."],
     code="print(round((1.52 - 1.46) / 1.52 * 100, 1))")

bad("wrong_source", "as-other", "Ashworth quote attributed to the Hollins school document",
    ev=[(AS, "Ashworth County Libraries lent 1.46 million items in 2023, down from 1.52 million in 2022."),
        (HS, "Printed books accounted for 1.08 million loans and e-books and e-audiobooks for 0.31 million, with the rest made up of DVDs and other items.")])
bad("arithmetic_error", "as-other", "1.46 - 1.08 - 0.31 is 0.07, not 0.17; the code prints 0.07",
    claim="DVDs and other non-book items made up about 0.17 million of Ashworth's 1.46 million loans in 2023.",
    rs=["Total loans were 1.46 million.", "Printed books 1.08 million and e-books 0.31 million.", "1.46 - 1.08 - 0.31 = 0.17 million."])
bad("code_mismatch", "as-digital-spend", "code divides by total loans (1.46) instead of stock spending and prints 42.5",
    code="print(round(0.62 / 1.46 * 100, 1))")
bad("broken_reasoning", "as-digital-spend", "the 32.0 is built from the e-book loan growth plus an invented 13",
    rs=["Stock spending was £1.94m.", "E-book loans rose 19 percent, and 19 + 13 = 32, so digital titles took 32.0 percent of spending."])
bad("swapped_entity", "as-children", "children's and adult fiction loan figures swapped",
    claim="At Ashworth in 2023, adult fiction (412,000 loans) was borrowed more than children's books (398,000 loans).",
    rs=["The document compares children's and adult fiction loans.", "Adult fiction 412,000; children's 398,000."])
bad("fabricated_quote", "as-children", "quote invented ('most borrowed category' is not in the document)",
    ev=[(AS, "In 2023 children's books overtook adult fiction as the most borrowed category.")])
bad("contradiction", "as-fines", "overdue items FELL after fines were scrapped",
    claim="After Ashworth scrapped late-return fines in April 2023, the number of overdue items rose because borrowers had no reason to return books on time.",
    rs=["Fines stopped in April 2023.", "Overdue items then increased."])
bad("unsupported_generalisation", "as-fines", "one library service's experience turned into a universal rule",
    claim="Scrapping late fines always reduces the number of overdue items at libraries.",
    rs=["At Ashworth, overdue items fell after fines were scrapped.", "So removing fines always reduces overdue items."], conf=0.7)
bad("altered_number", "as-members", "2022 membership changed from 88,100 to 89,100",
    claim="Ashworth's active membership fell to 84,600 in 2023 from 89,100 in 2022.",
    rs=["Active members were 84,600 against 89,100 in 2022."], code=None)
bad("duplicate", "as-members", "paraphrase of the accepted membership claim",
    claim="Active borrowers at Ashworth dropped from 88,100 to 84,600 in 2023, a decline of 3,500 or 4.0%.")
bad("contradiction", "as-hours", "'cut hours rather than close' reversed",
    claim="Ashworth closed five small branches in 2023 rather than cutting their opening hours.",
    rs=["The document discusses five small branches.", "They were closed."])
bad("wrong_answer", "as-hours", "gives the number of branches with cut hours (five), not the number of branches (17)",
    q="How many branches does Ashworth County Libraries have?",
    ref="17",
    claim="Ashworth County Libraries has five branches.",
    rs=["The document mentions five branches.", "So the service has five branches."])
bad("arithmetic_error", "as-loans", "decline divided by the 2023 figure (4.1%) instead of 2022's (3.9%); the code prints 3.9",
    claim="Ashworth's total loans fell 4.1 percent in 2023, from 1.52 million to 1.46 million.",
    rs=["Loans fell from 1.52 million to 1.46 million.", "(1.52 - 1.46) / 1.46 = 0.041, i.e. 4.1 percent."])

# ---------------------------------------------------------------- Marlow hospital
good("mh-ed",
     q="What share of Marlow's emergency patients were dealt with within four hours in 2023-24?",
     ref="71 percent, against a 95 percent target.",
     claim="Marlow's emergency department dealt with 71.0 percent of its 96,300 patients within four hours in 2023-24, up 4.8 points on 2022-23 but short of the 95 percent target.",
     ev=[(MH, "The emergency department saw 96,300 patients, of whom 68,400 were admitted, transferred or discharged within four hours."),
         (MH, "This is 71.0 percent, below the national target of 95 percent but an improvement on 66.2 percent in 2022-23.")],
     rs=["68,400 of 96,300 patients were seen within four hours: 68,400 / 96,300 = 71.0 percent.", "In 2022-23 the figure was 66.2 percent: 71.0 - 66.2 = 4.8 points.", "The national target is 95 percent."],
     code="print(round(68400 / 96300 * 100, 1))\nprint(round(71.0 - 66.2, 1))", sources=[MH, NF])
good("mh-hip",
     q="How did hip replacement waits at Marlow change?",
     ref="The median wait fell from 41 to 33 weeks.",
     claim="The median wait for a hip replacement at Marlow fell by 8 weeks, from 41 to 33, after a dedicated orthopaedic theatre opened in June 2023.",
     ev=[(MH, "The median wait for a hip replacement fell from 41 weeks to 33 weeks after the hospital opened a dedicated orthopaedic theatre in June 2023.")],
     rs=["The median wait fell from 41 to 33 weeks.", "41 - 33 = 8 weeks.", "This followed the opening of a dedicated orthopaedic theatre in June 2023."],
     code="print(41 - 33)")
good("mh-52wk",
     q="How did the number of very long waits at Marlow change?",
     ref="Patients waiting over 52 weeks fell from 2,380 to 1,140, about 52 percent.",
     claim="Patients waiting more than 52 weeks for planned treatment at Marlow fell 52.1 percent, from 2,380 to 1,140.",
     ev=[(MH, "The number of patients waiting more than 52 weeks for planned treatment fell to 1,140 from 2,380.")],
     rs=["Long waiters fell from 2,380 to 1,140.", "(2,380 - 1,140) / 2,380 = 1,240 / 2,380 = 0.521, i.e. 52.1 percent."],
     code="print(round((2380 - 1140) / 2380 * 100, 1))")
good("mh-beds",
     q="How many of Marlow's beds were taken by patients awaiting care packages?",
     ref="87 of 712 on a typical day in March 2024, about 12 percent.",
     claim="On a typical day in March 2024, 87 of Marlow's 712 general and acute beds, or 12.2 percent, were occupied by patients fit to leave but waiting for a care package.",
     ev=[(MH, "The hospital said the main cause of long handovers was a shortage of beds, because patients who were fit to leave could not be discharged without a care package in place."),
         (MH, "On a typical day in March 2024, 87 beds were occupied by such patients."),
         (MH, "The hospital has 712 general and acute beds.")],
     rs=["Patients fit to leave could not go without a care package.", "87 beds were occupied by such patients on a typical day in March 2024.", "87 / 712 = 0.122, i.e. 12.2 percent."],
     code="print(round(87 / 712 * 100, 1))", note="three quotes; 'could not be discharged without' -> 'waiting for'")
good("mh-handover",
     q="Why were ambulance handovers at Marlow slow?",
     ref="Mainly a shortage of beds, as patients fit to leave could not be discharged without a care package.",
     claim="Ambulance handovers at Marlow averaged 38 minutes, more than twice the 15-minute standard, mainly because of a shortage of beds.",
     ev=[(MH, "Ambulance handovers took an average of 38 minutes, against a standard of 15 minutes."),
         (MH, "The hospital said the main cause of long handovers was a shortage of beds")],
     rs=["Handovers averaged 38 minutes against a 15-minute standard; 38 is more than 2 x 15.", "The hospital named a shortage of beds as the main cause."],
     conf=0.9)
good("mh-cancer",
     q="How many cancer referrals did Marlow have the year before 2023-24?",
     ref="Roughly 13,300.",
     claim="Marlow's cancer referrals rose 12 percent to 14,900 in 2023-24, implying about 13,300 the year before.",
     ev=[(MH, "Cancer referrals rose by 12 percent to 14,900, and 78.5 percent of patients were diagnosed or had cancer ruled out within 28 days.")],
     rs=["Referrals rose by 12 percent to 14,900.", "The previous year's figure is 14,900 / 1.12 = 13,304, about 13,300."],
     code="print(round(14900 / 1.12, -2))", note="back-calculation from a percentage increase")

bad("wrong_source", "mh-ed", "Marlow quotes attributed to the Northmoor flu survey",
    ev=[(NF, "The emergency department saw 96,300 patients, of whom 68,400 were admitted, transferred or discharged within four hours."),
        (NF, "This is 71.0 percent, below the national target of 95 percent but an improvement on 66.2 percent in 2022-23.")])
bad("wrong_answer", "mh-ed", "gives the 2022-23 figure (66.2%) instead of 71.0%",
    claim="Marlow's emergency department dealt with 66.2 percent of patients within four hours.",
    ev=[(MH, "This is 71.0 percent, below the national target of 95 percent but an improvement on 66.2 percent in 2022-23.")],
    rs=["The document gives the four-hour performance.", "The figure is 66.2 percent."], code=None)
bad("unsupported_generalisation", "mh-ed", "improvements in some measures generalised to every department",
    claim="Waiting times improved in every department at Marlow General Hospital in 2023-24.",
    rs=["Emergency performance improved from 66.2 to 71.0 percent.", "So waiting times improved across the whole hospital."], code=None)
bad("altered_number", "mh-hip", "41 weeks changed to 44 weeks",
    claim="The median wait for a hip replacement at Marlow fell from 44 weeks to 33 weeks after a dedicated orthopaedic theatre opened in June 2023.",
    rs=["The median wait fell from 44 to 33 weeks."], code=None)
bad("fabricated_quote", "mh-hip", "quote invented; the document does not say 'by eight weeks'",
    ev=[(MH, "Opening a dedicated orthopaedic theatre cut the median hip replacement wait by eight weeks.")])
bad("arithmetic_error", "mh-52wk", "reports 1,140/2,380 (47.9%) as the fall; the code prints 52.1",
    claim="Patients waiting more than 52 weeks for planned treatment at Marlow fell 47.9 percent, from 2,380 to 1,140.",
    rs=["Long waiters fell from 2,380 to 1,140.", "1,140 / 2,380 = 0.479, so they fell 47.9 percent."])
bad("duplicate", "mh-52wk", "paraphrase of the accepted 52-week-wait claim",
    claim="The count of Marlow patients waiting longer than a year for planned care dropped from 2,380 to 1,140, a 52.1% reduction.")
bad("code_mismatch", "mh-beds", "code adds the planned 24-bed unit to the denominator and prints 11.8, not 12.2",
    code="print(round(87 / (712 + 24) * 100, 1))")
bad("contradiction", "mh-handover", "cause and effect reversed: the bed shortage causes long handovers",
    claim="Long ambulance handovers at Marlow are the main cause of its shortage of beds.",
    rs=["Handovers averaged 38 minutes.", "These long handovers cause the shortage of beds."])
bad("swapped_entity", "mh-handover", "the average handover time and the standard swapped",
    claim="Ambulance handovers at Marlow averaged 15 minutes, against a standard of 38 minutes.",
    rs=["The document compares handover times with the standard.", "Average 15 minutes; standard 38 minutes."])
bad("broken_reasoning", "mh-cancer", "subtracting 12% of 14,900 gives 13,112, not 13,300; the method shown does not lead to the claim",
    rs=["Referrals rose by 12 percent to 14,900.", "Last year's figure is 14,900 minus 12 percent of 14,900, which is 13,300."])

# ---------------------------------------------------------------- Greyfield measles campaign
good("gv-coverage",
     q="How much did Greyfield's catch-up campaign raise MMR coverage?",
     ref="By 7.3 percentage points, from 86.5% to 93.8%.",
     claim="Greyfield's 2019-2021 campaign raised two-dose MMR coverage by 7.3 percentage points, from 86.5 percent to 93.8 percent.",
     ev=[(GV, "Before the campaign, 86.5 percent of children had received both doses of the MMR vaccine by their fifth birthday."),
         (GV, "By the end of 2021 the figure had risen to 93.8 percent, close to the 95 percent level that the World Health Organization recommends for herd immunity.")],
     rs=["Coverage was 86.5 percent before the campaign.", "It was 93.8 percent by the end of 2021.", "93.8 - 86.5 = 7.3 points."],
     code="print(round(93.8 - 86.5, 1))", sources=[GV, NF], note="range '2019-2021'; percentage-point difference")
good("gv-schools",
     q="How many catch-up doses were given in schools in Greyfield?",
     ref="About 16,700 (61% of 27,400).",
     claim="About 16,714 of the 27,400 doses in Greyfield's catch-up campaign were given in schools.",
     ev=[(GV, "Nurses gave 27,400 doses during the three years, 61 percent of them in schools.")],
     rs=["27,400 doses were given.", "61 percent were in schools: 0.61 x 27,400 = 16,714."],
     code="print(round(27400 * 0.61))")
good("gv-cost",
     q="How did the cost of Greyfield's campaign compare with the cost of the 2018 outbreak?",
     ref="It was €1.5 million cheaper (€3.7m versus €5.2m).",
     claim="Greyfield's €3.7m campaign cost €1.5m less than the estimated €5.2m cost of treating and containing the 2018 outbreak.",
     ev=[(GV, "The campaign cost €3.7 million, which the health authority estimated was less than the €5.2 million cost of treating and containing the 2018 outbreak.")],
     rs=["The campaign cost €3.7 million.", "The outbreak cost an estimated €5.2 million.", "5.2 - 3.7 = 1.5, so €1.5 million less."],
     code="print(round(5.2 - 3.7, 1))", note="'million' written as 'm'")
good("gv-perdose",
     q="What did Greyfield's campaign cost per dose?",
     ref="Roughly €135 per dose.",
     claim="Greyfield's measles campaign cost about €135 per dose: €3.7 million over 27,400 doses.",
     ev=[(GV, "The campaign cost €3.7 million"), (GV, "Nurses gave 27,400 doses during the three years")],
     rs=["The campaign cost €3.7 million.", "27,400 doses were given.", "3,700,000 / 27,400 = 135."],
     code="print(round(3.7e6 / 27400))")
good("gv-texts",
     q="When did Greyfield's campaign start using text-message reminders, and why?",
     ref="In 2020, because first-year uptake was slower than planned.",
     claim="Greyfield's campaign used no text-message reminders in its first year and added them in 2020 because first-year uptake was slower than planned.",
     ev=[(GV, "The campaign did not use text-message reminders in its first year; they were added in 2020 after uptake in the first year was slower than planned.")],
     rs=["No text reminders were used in the first year.", "They were added in 2020 after slow first-year uptake."], conf=0.92)
good("gv-districts",
     q="Did MMR coverage rise in all of Greyfield's districts?",
     ref="Yes, in all seven, though Lowmere stayed lowest at 88.1%.",
     claim="MMR coverage rose in all seven Greyfield districts, though Lowmere remained the lowest at 88.1 percent.",
     ev=[(GV, "Coverage rose in every one of the region's seven districts, but the district of Lowmere remained lowest at 88.1 percent.")],
     rs=["Coverage rose in every one of the seven districts.", "Lowmere remained lowest at 88.1 percent."], conf=0.94,
     note="'all seven' is supported here ('every one of the seven districts')")
good("gv-cases",
     q="How did measles cases in Greyfield change after the campaign?",
     ref="From 214 in 2018 to 9 in 2022 and none in 2023.",
     claim="Measles cases in Greyfield dropped from 214 in 2018 to 9 in 2022, and no cases were recorded in 2023.",
     ev=[(GV, "Greyfield Region ran a measles vaccination catch-up campaign in 2019-2021 after an outbreak of 214 cases in 2018."),
         (GV, "Measles cases fell to 9 in 2022 and none were recorded in 2023.")],
     rs=["There were 214 cases in the 2018 outbreak.", "Cases fell to 9 in 2022.", "None were recorded in 2023."], conf=0.93)

bad("arithmetic_error", "gv-coverage", "93.8 - 86.5 is 7.3, not 8.3; the code prints 7.3",
    claim="Greyfield's 2019-2021 campaign raised two-dose MMR coverage by 8.3 percentage points, from 86.5 percent to 93.8 percent.",
    rs=["Coverage was 86.5 percent before the campaign.", "It was 93.8 percent by the end of 2021.", "93.8 - 86.5 = 8.3 points."])
bad("duplicate", "gv-coverage", "paraphrase of the accepted coverage claim",
    claim="Between 2019 and 2021 the share of Greyfield five-year-olds with both MMR doses climbed 7.3 points, to 93.8% from 86.5%.")
bad("wrong_source", "gv-coverage", "Greyfield quote attributed to the Northmoor document",
    ev=[(NF, "Before the campaign, 86.5 percent of children had received both doses of the MMR vaccine by their fifth birthday."),
        (GV, "By the end of 2021 the figure had risen to 93.8 percent, close to the 95 percent level that the World Health Organization recommends for herd immunity.")])
bad("code_mismatch", "gv-schools", "code uses the non-school share (39%) and prints 10686",
    code="print(round(27400 * 0.39))")
bad("unsupported_generalisation", "gv-schools", "61% of doses were given in schools; that does not mean most children were vaccinated at school or that every school took part",
    claim="Every school in Greyfield hosted catch-up vaccinations, and most children received their dose there.",
    rs=["61 percent of doses were given in schools.", "So every school took part and most children were vaccinated at school."], code=None)
bad("swapped_entity", "gv-cost", "campaign cost and outbreak cost swapped",
    claim="Greyfield's catch-up campaign cost €5.2 million, more than the €3.7 million cost of treating and containing the 2018 outbreak.",
    rs=["The campaign cost €5.2 million.", "The outbreak cost €3.7 million."], code=None)
bad("fabricated_quote", "gv-cost", "quote invented ('saved the region €1.5 million')",
    ev=[(GV, "The €3.7 million campaign saved the region €1.5 million compared with the 2018 outbreak.")])
bad("broken_reasoning", "gv-perdose", "step says the division only counts school doses, which contradicts dividing by all 27,400",
    rs=["The campaign cost €3.7 million.",
        "61 percent of doses were given in schools, so 3,700,000 / 27,400 counts only school doses, which gives €135 per dose overall."])
bad("contradiction", "gv-texts", "text reminders were NOT used in the first year",
    claim="Greyfield's campaign used text-message reminders from its very first year, 2019.",
    rs=["The campaign used text reminders.", "They were in place from the first year."])
bad("contradiction", "gv-districts", "coverage ROSE in every district, including Lowmere",
    claim="MMR coverage fell in Lowmere during Greyfield's catch-up campaign, to 88.1 percent.",
    rs=["Lowmere had 88.1 percent coverage.", "Its coverage fell during the campaign."])
bad("wrong_answer", "gv-districts", "gives the regional figure (93.8%) when asked for the lowest district",
    q="Which Greyfield district had the lowest MMR coverage, and what was it?",
    ref="Lowmere, at 88.1 percent.",
    claim="The lowest MMR coverage in Greyfield after the campaign was 93.8 percent.",
    ev=[(GV, "By the end of 2021 the figure had risen to 93.8 percent, close to the 95 percent level that the World Health Organization recommends for herd immunity.")],
    rs=["Coverage reached 93.8 percent by the end of 2021.", "That is the lowest figure after the campaign."])
bad("unsupported_generalisation", "gv-cases", "no cases in 2023 turned into permanent elimination",
    claim="The catch-up campaign permanently eliminated measles from Greyfield.",
    rs=["Cases fell to 9 in 2022 and none were recorded in 2023.", "So measles has been eliminated for good."])
bad("altered_number", "gv-cases", "2018 cases changed from 214 to 241",
    claim="Measles cases in Greyfield dropped from 241 in 2018 to 9 in 2022, and no cases were recorded in 2023.",
    rs=["There were 241 cases in 2018.", "Cases fell to 9 in 2022 and none in 2023."])

# ---------------------------------------------------------------- Marden cider cooperative
good("oc-harvest",
     q="How did the Marden cooperative's 2023 apple harvest compare with 2022?",
     ref="About 23% larger: 9,150 tonnes against 7,460.",
     claim="Marden's members delivered 9,150 tonnes of apples in 2023, 22.7 percent more than the frost-hit 2022 harvest of 7,460 tonnes.",
     ev=[(OC, "In the 2023 harvest, members delivered 9,150 tonnes of apples, an average of 15 tonnes per hectare, compared with 7,460 tonnes in 2022, when a late frost damaged blossom.")],
     rs=["2023: 9,150 tonnes; 2022: 7,460 tonnes.", "9,150 - 7,460 = 1,690.", "1,690 / 7,460 = 0.227, i.e. 22.7 percent more."],
     code="print(round((9150 - 7460) / 7460 * 100, 1))")
good("oc-payments",
     q="Roughly how much did the Marden cooperative pay members for the 2023 crop?",
     ref="About €1.8 million.",
     claim="At €185 a tonne for cider fruit (80 percent of 9,150 tonnes) and €240 a tonne for dessert apples, Marden's 2023 payments to members come to about €1.79m.",
     ev=[(OC, "The cooperative pays members €185 per tonne for cider apples and €240 per tonne for dessert apples."),
         (OC, "About 80 percent of the 2023 crop was cider fruit."),
         (OC, "members delivered 9,150 tonnes of apples")],
     rs=["Cider fruit: 0.8 x 9,150 = 7,320 tonnes; dessert: 9,150 - 7,320 = 1,830 tonnes.",
         "7,320 × 185 = 1,354,200 and 1,830 × 240 = 439,200.", "Total 1,793,400, about €1.79m."],
     code="cider = 0.8 * 9150\ndessert = 9150 - cider\nprint(round((cider * 185 + dessert * 240) / 1e6, 2))",
     conf=0.78, note="three quotes; 'x' and '×'; reference rounds to 1.8")
good("oc-bottles",
     q="How much of Marden's cider was sold in bottles?",
     ref="About 2.98 million litres (62%).",
     claim="About 2.98 million litres of the 4.8 million litres of cider Marden sold went out in bottles, the rest in kegs for pubs.",
     ev=[(OC, "The cooperative sold 4.8 million litres of cider, 62 percent of it in bottles and the remainder in kegs for pubs.")],
     rs=["4.8 million litres of cider were sold.", "62 percent in bottles: 0.62 x 4.8 = 2.98 million litres."],
     code="print(round(4.8 * 0.62, 2))")
good("oc-revenue",
     q="How much did the Marden cooperative's revenue grow?",
     ref="About 23%, from €11.6m to €14.3m.",
     claim="The Marden cooperative's revenue rose 23.3 percent to €14.3m, from €11.6m.",
     ev=[(OC, "Revenue was €14.3m, up from €11.6m.")],
     rs=["Revenue went from €11.6m to €14.3m.", "(14.3 - 11.6) / 11.6 = 0.233, i.e. 23.3 percent."],
     code="print(round((14.3 - 11.6) / 11.6 * 100, 1))")
good("oc-pomace",
     q="What does the Marden cooperative do with its pomace?",
     ref="Sends it to an anaerobic digester (about 1.1 GWh a year), rather than spreading it on fields.",
     claim="Since 2020 Marden's pomace has gone to an anaerobic digester instead of being spread on fields, producing about 1.1 GWh of electricity a year.",
     ev=[(OC, "Since 2020, pomace left over from pressing has been sent to an anaerobic digester rather than spread on fields, generating around 1.1 GWh of electricity a year.")],
     rs=["Since 2020 pomace goes to an anaerobic digester rather than onto fields.", "This generates around 1.1 GWh a year."],
     sources=[OC, VE], conf=0.93)
good("oc-membership",
     q="How has Marden cooperative membership changed since 2015, and why?",
     ref="Down from 58 to 46 farms, mainly because older growers retired without successors.",
     claim="The Marden cooperative has 12 fewer member farms than in 2015, when it had 58, mainly because older growers retired without successors.",
     ev=[(OC, "The Vale of Marden cider cooperative has 46 member farms that together manage 610 hectares of orchards."),
         (OC, "Membership has fallen from 58 farms in 2015, mainly because older growers retired without successors.")],
     rs=["There are 46 member farms now.", "There were 58 in 2015: 58 - 46 = 12 fewer.", "Mainly because older growers retired without successors."],
     code="print(58 - 46)")
good("oc-noconc",
     q="Does the Marden cooperative use concentrate or added sugar?",
     ref="No concentrate in any product; no added sugar in its dry cider since 2021.",
     claim="The Marden cooperative uses no concentrate in any of its products and has not added sugar to its dry cider since 2021.",
     ev=[(OC, "The cooperative does not use concentrate in any of its products, and it stopped using added sugar in its dry cider in 2021.")],
     rs=["It does not use concentrate in any product.", "It stopped adding sugar to its dry cider in 2021."], conf=0.94,
     note="'stopped using added sugar in 2021' -> 'has not added sugar since 2021'")

bad("arithmetic_error", "oc-harvest", "increase divided by the 2023 figure (18.5%) rather than 2022's (22.7%); the code prints 22.7",
    claim="Marden's members delivered 9,150 tonnes of apples in 2023, 18.5 percent more than the frost-hit 2022 harvest of 7,460 tonnes.",
    rs=["2023: 9,150 tonnes; 2022: 7,460 tonnes.", "9,150 - 7,460 = 1,690.", "1,690 / 9,150 = 0.185, i.e. 18.5 percent more."])
bad("altered_number", "oc-harvest", "2022 harvest changed from 7,460 to 7,640 tonnes",
    claim="Marden's members delivered 9,150 tonnes of apples in 2023, compared with 7,640 tonnes in the frost-hit 2022 harvest.",
    rs=["2023: 9,150 tonnes; 2022: 7,640 tonnes."], code=None)
bad("swapped_entity", "oc-payments", "prices for cider and dessert apples swapped",
    claim="The Marden cooperative pays €240 per tonne for cider apples and €185 per tonne for dessert apples.",
    rs=["The document gives prices for the two kinds of apple.", "Cider €240; dessert €185."], code=None)
bad("code_mismatch", "oc-payments", "code prices the whole crop at the cider rate and prints 1.69, not 1.79",
    code="print(round(9150 * 185 / 1e6, 2))")
bad("code_mismatch", "oc-bottles", "code computes the keg volume (1.82), not bottles (2.98)",
    code="print(round(4.8 * 0.38, 2))")
bad("fabricated_quote", "oc-revenue", "quote invented ('grew by €2.7m')",
    ev=[(OC, "Revenue grew by €2.7m to €14.3m.")])
bad("contradiction", "oc-pomace", "'digester rather than fields' reversed",
    claim="Since 2020 Marden's pomace has been spread on fields rather than sent to an anaerobic digester.",
    rs=["The document describes what happens to pomace.", "It is spread on fields."])
bad("duplicate", "oc-pomace", "paraphrase of the accepted pomace claim",
    claim="Rather than being spread on the land, leftover pomace from Marden's pressing has since 2020 fed an anaerobic digester that makes around 1.1 GWh of power a year.")
bad("wrong_source", "oc-pomace", "cooperative quote attributed to the Veltrano document",
    ev=[(VE, "Since 2020, pomace left over from pressing has been sent to an anaerobic digester rather than spread on fields, generating around 1.1 GWh of electricity a year.")])
bad("wrong_answer", "oc-membership", "gives the 2015 membership (58) instead of the current 46",
    q="How many member farms does the Marden cooperative have?",
    ref="46",
    claim="The Vale of Marden cider cooperative has 58 member farms.",
    ev=[(OC, "Membership has fallen from 58 farms in 2015, mainly because older growers retired without successors.")],
    rs=["The document gives a membership figure.", "It is 58 farms."], code=None)
bad("broken_reasoning", "oc-membership", "the fall in membership is 'derived' from orchard area and yield, a non sequitur",
    rs=["Membership was 58 farms in 2015.", "The orchards cover 610 hectares at 15 tonnes per hectare, so 12 farms must have left.",
        "Mainly because older growers retired without successors."])
bad("unsupported_generalisation", "oc-noconc", "no added sugar applies to the dry cider only, not every cider",
    claim="None of the Marden cooperative's ciders contain any added sugar.",
    rs=["It stopped using added sugar in its dry cider in 2021.", "So all its ciders are free of added sugar."])

# ---------------------------------------------------------------- Tern Island
good("ti-terns",
     q="How much have Arctic tern numbers on Tern Island fallen since 2019?",
     ref="By about 40 percent, from 2,050 pairs to 1,240.",
     claim="Arctic tern breeding pairs on Tern Island fell 39.5 percent between 2019 and 2024, from 2,050 to 1,240.",
     ev=[(TI, "In 2024 they counted 1,240 breeding pairs of Arctic terns, compared with 2,050 pairs in 2019.")],
     rs=["2019: 2,050 pairs; 2024: 1,240 pairs.", "2,050 - 1,240 = 810.", "810 / 2,050 = 0.395, i.e. 39.5 percent."],
     code="print(round((2050 - 1240) / 2050 * 100, 1))", sources=[TI, CR])
good("ti-puffins",
     q="How have puffin numbers on Tern Island changed?",
     ref="Occupied burrows rose from 3,180 to 3,610 over five years.",
     claim="Occupied puffin burrows on Tern Island rose 13.5 percent over five years, to 3,610 in 2024 from 3,180 in 2019.",
     ev=[(TI, "Puffin burrows occupied in 2024 numbered 3,610, up from 3,180 five years earlier.")],
     rs=["3,610 burrows in 2024, up from 3,180 five years earlier (2019).", "(3,610 - 3,180) / 3,180 = 430 / 3,180 = 0.135, i.e. 13.5 percent."],
     code="print(round((3610 - 3180) / 3180 * 100, 1))", note="'five years earlier' resolved to 2019")
good("ti-sandeel",
     q="Why are Arctic terns declining on Tern Island?",
     ref="Mainly sandeel shortages: adults fly further for food and fewer chicks survive.",
     claim="Tern numbers are falling mainly because of sandeel shortages, which force adults to fly further for food so that fewer chicks survive.",
     ev=[(TI, "The decline in terns is mainly linked to shortages of sandeels, the small fish the chicks are fed on; when sandeels are scarce, adults must fly further to find food and fewer chicks survive.")],
     rs=["The decline is mainly linked to sandeel shortages.", "When sandeels are scarce, adults fly further and fewer chicks survive."],
     sources=[TI, CR], conf=0.92)
good("ti-chicks",
     q="About how many tern chicks were raised on Tern Island in 2024 compared with 2019?",
     ref="About 496 in 2024 against roughly 2,255 in 2019.",
     claim="Tern Island produced about 496 Arctic tern chicks in 2024 (0.4 per pair × 1,240 pairs), against roughly 2,255 in 2019.",
     ev=[(TI, "Tern breeding success in 2024 was 0.4 chicks per pair, versus 1.1 in 2019."),
         (TI, "In 2024 they counted 1,240 breeding pairs of Arctic terns, compared with 2,050 pairs in 2019.")],
     rs=["2024: 0.4 chicks per pair x 1,240 pairs = 496.", "2019: 1.1 x 2,050 = 2,255."],
     code="print(round(0.4 * 1240))\nprint(round(1.1 * 2050))", note="products of two figures; '×' and 'x'")
good("ti-rats",
     q="Are there rats on Tern Island?",
     ref="No, rats have never been found there.",
     claim="No rats have ever been found on Tern Island, one reason ground-nesting birds do well there.",
     ev=[(TI, "Rats have never been found on Tern Island, which is one reason why ground-nesting birds do well there.")],
     rs=["Rats have never been found on the island.", "That is one reason ground-nesting birds do well."], conf=0.95)
good("ti-kittiwake",
     q="How do kittiwake numbers on Tern Island compare with 2004?",
     ref="410 nests in 2024, about 40 percent of the 1,020 in 2004.",
     claim="Tern Island's 410 kittiwake nests in 2024 were 40.2 percent of the 1,020 counted in 2004.",
     ev=[(TI, "Kittiwakes have declined for longer: the 2024 count of 410 nests is less than half the 1,020 nests counted in 2004.")],
     rs=["2024: 410 nests; 2004: 1,020.", "410 / 1,020 = 0.402, i.e. 40.2 percent."],
     code="print(round(410 / 1020 * 100, 1))")
good("ti-flu",
     q="Has avian influenza affected Tern Island recently?",
     ref="It killed at least 180 adult terns in 2022 but was not recorded in 2023 or 2024.",
     claim="Avian influenza, which killed at least 180 adult terns in 2022, was not recorded on Tern Island in 2023-2024.",
     ev=[(TI, "Avian influenza killed at least 180 adult terns in 2022 but was not recorded on the island in 2023 or 2024.")],
     rs=["Avian influenza killed at least 180 adult terns in 2022.", "It was not recorded in 2023 or 2024."], conf=0.93,
     note="'2023 or 2024' written as the range '2023-2024'")

bad("arithmetic_error", "ti-terns", "decline divided by the 2024 count (65.3%) instead of the 2019 count; the code prints 39.5",
    claim="Arctic tern breeding pairs on Tern Island fell 65.3 percent between 2019 and 2024, from 2,050 to 1,240.",
    rs=["2019: 2,050 pairs; 2024: 1,240 pairs.", "2,050 - 1,240 = 810.", "810 / 1,240 = 0.653, i.e. 65.3 percent."])
bad("wrong_source", "ti-terns", "Tern Island quote attributed to the coral bleaching document",
    ev=[(CR, "In 2024 they counted 1,240 breeding pairs of Arctic terns, compared with 2,050 pairs in 2019.")])
bad("swapped_entity", "ti-puffins", "tern and puffin trends swapped between the species",
    claim="On Tern Island, occupied puffin burrows fell to 1,240 in 2024 while Arctic tern pairs rose to 3,610.",
    ev=[(TI, "In 2024 they counted 1,240 breeding pairs of Arctic terns, compared with 2,050 pairs in 2019."),
        (TI, "Puffin burrows occupied in 2024 numbered 3,610, up from 3,180 five years earlier.")],
    rs=["The wardens counted terns and puffins in 2024.", "Puffins: 1,240; terns: 3,610."], code=None)
bad("duplicate", "ti-puffins", "paraphrase of the accepted puffin claim",
    claim="Between 2019 and 2024 the number of occupied puffin burrows on Tern Island grew by 13.5%, from 3,180 to 3,610.")
bad("contradiction", "ti-sandeel", "mechanism reversed: sandeel shortages cause the tern decline, not the other way round",
    claim="Sandeel shortages around Tern Island are caused by the decline in terns.",
    rs=["Terns have declined.", "That decline has led to fewer sandeels."])
bad("unsupported_generalisation", "ti-sandeel", "'mainly linked' to sandeels turned into 'the only cause'",
    claim="Sandeel shortages are the only cause of the decline in Arctic terns on Tern Island.",
    rs=["The decline is linked to sandeel shortages.", "No other factor plays any part."])
bad("altered_number", "ti-chicks", "2019 breeding success changed from 1.1 to 1.4 chicks per pair",
    claim="Tern breeding success on Tern Island fell from 1.4 chicks per pair in 2019 to 0.4 in 2024.",
    rs=["2019: 1.4 chicks per pair.", "2024: 0.4 chicks per pair."], code=None)
bad("broken_reasoning", "ti-chicks", "step 2 ties the chick count to the visitor cap, a non sequitur",
    rs=["Breeding success was 0.4 chicks per pair in 2024 and 1.1 in 2019.",
        "Visitors are capped at 40 per day, so 0.4 x 1,240 = 496 chicks and 1.1 x 2,050 = 2,255."])
bad("contradiction", "ti-rats", "rats have NEVER been found on the island",
    claim="Rats have been found on Tern Island, which is why ground-nesting birds struggle there.",
    rs=["The document discusses rats.", "Rats are present on the island."])
bad("code_mismatch", "ti-kittiwake", "code inverts the ratio and prints 248.8, not 40.2",
    code="print(round(1020 / 410 * 100, 1))")
bad("fabricated_quote", "ti-kittiwake", "quote reworded; not in the document",
    ev=[(TI, "Kittiwake nests have fallen by more than half since 2004, from 1,020 to 410.")])
bad("wrong_answer", "ti-flu", "says avian influenza killed no terns; it killed at least 180 in 2022",
    q="How many adult terns did avian influenza kill on Tern Island in 2022?",
    ref="At least 180.",
    claim="Avian influenza did not kill any terns on Tern Island, as it was not recorded there.",
    rs=["Avian influenza was not recorded on the island.", "So it killed no terns."])

# ---------------------------------------------------------------- additional bad rows (second pass)
bad("altered_number", "ps-nolayoffs", "hiring plan changed from about 120 engineers to about 210",
    claim="Pinecrest made no layoffs during the year and plans to hire about 210 engineers, mostly in Toronto and Austin.",
    rs=["Albright said the company had not made any layoffs.", "It plans to hire about 210 engineers."])
bad("altered_number", "ve-customers", "prior-year customers changed from 3.1 million to 3.4 million",
    claim="Veltrano ended 2023 with 2.9 million retail customers vs 3.4 million a year earlier, a fall it attributes to customers switching to cheaper fixed-price suppliers.",
    rs=["Customers fell from 3.4 million to 2.9 million.", "The company attributes the fall to switching to fixed-price suppliers."], code=None)
bad("altered_number", "er-holbrook", "new journey time changed from 57 to 52 minutes",
    claim="From 9 September the 08:12 express will skip Holbrook, shortening its journey to 52 minutes.",
    rs=["The 08:12 express will no longer stop at Holbrook.", "Its journey time will fall to 52 minutes."])
bad("altered_number", "sw-seasonal", "December output changed from 221 GWh to 212 GWh",
    claim="Saltmarsh's output peaked in December 2023 at 212 GWh, against an August low of 92 GWh.",
    rs=["August was the lowest month at 92 GWh.", "December was the highest at 212 GWh."], code=None)
bad("altered_number", "gv-schools", "doses changed from 27,400 to 24,700",
    claim="Nurses gave 24,700 doses during Greyfield's three-year catch-up campaign, 61 percent of them in schools.",
    rs=["The campaign lasted three years.", "24,700 doses were given, 61 percent in schools."], code=None)
bad("altered_number", "ti-flu", "avian influenza deaths changed from at least 180 to at least 810",
    claim="Avian influenza killed at least 810 adult terns on Tern Island in 2022 but was not recorded there in 2023-2024.",
    rs=["Avian influenza killed at least 810 adult terns in 2022.", "It was not recorded in 2023 or 2024."])

bad("broken_reasoning", "ps-large", "infers the large-customer increase from total customer growth, a non sequitur",
    rs=["There were 312 such customers, up from 254.",
        "Paying customers overall rose from 4,710 to 5,260, so large customers must have risen by 58 as well.",
        "58 / 254 = 0.228, or 22.8 percent."])
bad("broken_reasoning", "ve-hydro-share", "the hydro share is assembled from growth rates and an invented 8.2, not from GWh figures",
    rs=["Veltrano generated 18,300 GWh in total.",
        "Solar output rose 31% and gas fell 22%, so hydro's share is 100 - 31 - 22 - 8.2 = 38.8 percent."])
bad("broken_reasoning", "sd-bake", "adds the oven temperature difference to the salt weight to get the bake time",
    rs=["The loaf is baked at 250 °C and then at 230 °C.",
        "250 - 230 = 20, and adding the 22 g of salt gives a total bake of 42 minutes."])
bad("broken_reasoning", "kv-range", "the step computes 31.2 - 6.8 (24.4) yet reports 38.0",
    rs=["The maximum was 31.2 °C and the minimum -6.8 °C.", "Subtracting the minimum: 31.2 - 6.8 = 38.0 degrees."])
bad("broken_reasoning", "tc-reopened", "the share of length reopened is justified by the lock counts, a non sequitur",
    rs=["By 2006 the lower 9 miles had reopened.",
        "The canal has 31 locks and 14 of them are at Renwick, which is why 39.1 percent of the canal is open."])

bad("duplicate", "ve-profit", "paraphrase of the accepted Veltrano profit claim",
    claim="In 2023 Veltrano lifted net profit by 18.8% to €512m despite revenue sliding from €7.9bn to €6.4bn, since it was no longer buying gas at 2022's extreme prices.")
bad("duplicate", "kv-flood", "paraphrase of the accepted flooding claim",
    claim="Because a wet October had already saturated the ground, the Kestrel overflowed its banks in both November and December 2023.")
bad("duplicate", "al-olympics", "paraphrase of the accepted Olympic results claim",
    claim="Lindqvist's Olympic road race results were ninth at Los Angeles in 1984 and fourth at Seoul in 1988.")
bad("duplicate", "er-sunday", "paraphrase of the accepted Sunday service claim",
    claim="On Sundays Eastline operates only hourly stopping trains from 08:00, with no express services at all.")
bad("duplicate", "mo-lab", "paraphrase of the accepted laboratory-leadership claim",
    claim="From 1963 until she retired in 1989, a span of 26 years, Osei was head of the Tropical Pharmacy Laboratory.")
bad("duplicate", "tc-decline", "paraphrase of the accepted tonnage claim",
    claim="By 1870 the Tallow Canal carried only 128,000 tons a year, 31.1% of the 412,000 tons it handled at its 1841 peak.")

bad("fabricated_quote", "hf-flour", "quote invented; the document does not say she 'blamed' flour prices",
    ev=[(HF, "Sandra Whitcombe blamed a 14% rise in flour prices for the fall in bakery margins from 5.6% to 4.1%.")])
bad("fabricated_quote", "ps-margin", "quote paraphrased ('rose four points', 'shifted'); not in the document",
    ev=[(PS, "Gross margin rose four points to 78% as customers shifted to the hosted product.")])
bad("fabricated_quote", "kv-autumn", "second quote invented: the document gives 412.6 mm, not a percentage",
    ev=[(KV, "The Kestrel Valley weather station recorded 1,061 mm of rainfall in 2023"),
        (KV, "Autumn brought 38.9 percent of the year's rainfall.")])
bad("fabricated_quote", "br-attendance", "quote reworded ('after ... were cut'); not in the document",
    ev=[(BR, "Average home attendance rose to 8,412 from 7,150 after season ticket prices were cut by 15 percent.")])
bad("fabricated_quote", "tc-railway", "quote altered by one word ('more cheaply' -> 'more safely'), changing the stated reason",
    ev=[(TC, "Traffic began to fall after the Easthaven and Tallow Railway opened in 1849, because the railway could move coal faster and more safely.")])
bad("fabricated_quote", "cs-oxide", "number inside the quote altered (0.05 mol -> 0.5 mol)",
    ev=[(CS, "The reaction uses one mole of copper oxide for every mole of sulfuric acid, a 1:1 ratio."),
        (CS, "With 50 cm3 of 1.0 mol/dm3 sulfuric acid, which contains 0.5 mol of acid, a student needs at least 3.98 g of copper oxide, because its molar mass is 79.5 g/mol.")])
bad("fabricated_quote", "gv-texts", "quote stitched and altered so that slow uptake is the reason no reminders were used",
    ev=[(GV, "The campaign did not use text-message reminders in its first year because uptake was slower than planned.")])

bad("wrong_answer", "ps-margin", "gives the prior-year gross margin (74%) instead of 78%",
    q="What was Pinecrest's gross margin in the third quarter?",
    ref="78%",
    claim="Pinecrest's gross margin in the quarter was 74%.",
    rs=["The results report gross margin.", "The figure given is 74%."], code=None)
bad("wrong_answer", "nf-age", "answers with the uptake of adults without a long-term condition, not the lowest age group",
    q="Which age group had the lowest flu vaccine uptake in Northmoor?",
    ref="18 to 34 year olds (21 percent).",
    claim="Adults without a long-term health condition had the lowest uptake, at 39 percent.",
    ev=[(NF, "Among adults with a long-term health condition, uptake was 61 percent, compared with 39 percent among adults without such a condition.")],
    rs=["The survey reports uptake by group.", "Adults without a long-term condition had 39 percent."])
bad("wrong_answer", "kf-innish-time", "gives the Innish crossing time (55 min) when asked about Skarra (35 min)",
    q="How long is the ferry crossing to Skarra?",
    ref="35 minutes.",
    claim="The Kilbride ferry crossing to Skarra takes 55 minutes.",
    rs=["The document gives crossing times.", "The crossing takes 55 minutes."], code=None)
bad("wrong_answer", "sw-cables", "gives the distance offshore (14 km) instead of the cable length (19 km each)",
    q="How long are Saltmarsh's export cables?",
    ref="19 km each.",
    claim="Saltmarsh's export cables run 14 km to shore.",
    ev=[(SW, "Saltmarsh Offshore Wind Farm lies 14 km off the coast and began full operation in 2021.")],
    rs=["The wind farm lies 14 km off the coast.", "So its cables are 14 km long."])
bad("wrong_answer", "ah-record", "gives the date of the new record, not when the previous record was set (August 1990)",
    q="When was Aldercombe's previous temperature record set?",
    ref="August 1990.",
    claim="Aldercombe's temperature record was set on 19 July 2022.",
    rs=["The peak temperature of 38.7 °C was measured on 19 July 2022.", "That is when the record was set."], code=None)
bad("wrong_answer", "pg-workforce", "gives the 1970s peak workforce, not the number employed at closure (310)",
    q="How many people worked at Pelham Glassworks when it closed?",
    ref="310",
    claim="Pelham Glassworks employed 1,850 people.",
    rs=["The document gives the workforce.", "It employed 1,850 people."], code=None)

bad("wrong_source", "ps-margin", "Pinecrest quote attributed to the Veltrano document",
    ev=[(VE, "Gross margin improved to 78% from 74%, because more customers moved to the hosted version of the product rather than the on-premises licence.")],
    sources=[PS, VE])
bad("wrong_source", "kv-flood", "Kestrel quote attributed to the Aldercombe document",
    ev=[(AH, "The river Kestrel burst its banks twice, in November and December, because the ground was already saturated after a wet October.")],
    sources=[KV, AH])
bad("wrong_source", "rm-runoff", "Riverside quote attributed to the Dunmore document",
    ev=[(DE, "In the runoff, Carver won with 52,640 votes to Estrada's 49,910, a margin of 2,730.")])
bad("wrong_source", "oc-harvest", "cooperative quote attributed to the Harrowgate Foods document",
    ev=[(HF, "In the 2023 harvest, members delivered 9,150 tonnes of apples, an average of 15 tonnes per hectare, compared with 7,460 tonnes in 2022, when a late frost damaged blossom.")],
    sources=[OC, HF])
bad("wrong_source", "mh-52wk", "Marlow quote attributed to the Greyfield document",
    ev=[(GV, "The number of patients waiting more than 52 weeks for planned treatment fell to 1,140 from 2,380.")],
    sources=[MH, GV])

bad("unsupported_generalisation", "ah-water", "a heatwave peak of 41 million litres a day generalised to every day of July",
    claim="Aldercombe used 41 million litres of water on every day of July 2022.",
    rs=["Water use rose to 41 million litres per day during the heatwave.", "So that was the daily figure for the whole month."], code=None)
bad("unsupported_generalisation", "er-punctuality", "91.3 percent punctuality turned into 'always on time'",
    claim="Eastline trains now always arrive within five minutes of schedule.",
    rs=["91.3 percent of trains arrived within five minutes of schedule.", "So Eastline trains are always on time."], code=None)


# ================================================================ assembly
_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")
_WORD = re.compile(r"[a-z]+")
STOP = set("the a an of to in and or for on at by with from was were is are its it as that this than".split())


def _nums(text):
    return {n.replace(",", "") for n in _NUM.findall(text)}


def _words(text):
    return {w for w in _WORD.findall(text.lower()) if w not in STOP}


def _jaccard(a, b):
    a, b = _words(a), _words(b)
    return len(a & b) / max(1, len(a | b))


def _accepted(row):
    rng = random.Random("accepted:" + row["id"])
    srcs = set(row["sources"])
    goods = sorted(GOOD.values(), key=lambda g: g["id"])
    others = [g["claim"] for g in goods
              if not (set(g["sources"]) & srcs) and g["id"] != row["base"]]
    siblings = [g["claim"] for g in goods
                if g["id"] not in (row["id"], row["base"]) and not g["id"].startswith("mx-")
                and (set(g["sources"]) & srcs)
                and not (_nums(g["claim"]) & _nums(row["claim"]))
                and _jaccard(g["claim"], row["claim"]) < 0.3]
    if row["id"].startswith("mx-") or (row["base"] or "").startswith("mx-"):
        siblings = []
    out = []
    if row["dup_of"]:
        out.append(row["dup_of"])
    if siblings and rng.random() < 0.6:
        out.append(rng.choice(siblings))
    want = rng.randint(3, 5) if not row["dup_of"] else rng.randint(3, 6)
    pool = [c for c in others if c not in out]
    rng.shuffle(pool)
    while len(out) < want:
        out.append(pool.pop())
    rng.shuffle(out)
    return out


def _record(row):
    base = GOOD.get(row["base"]) if row["base"] else None
    same_seed = base is not None and (row["q"], row["ref"], row["sources"]) == (base["q"], base["ref"], base["sources"])
    seed_id = "ho-" + (row["base"] if same_seed else row["id"])
    return {
        "id": "ho-" + row["id"],
        "label": row["label"],
        "kind": row["kind"],
        "expected_stage": None,
        "derived_from": ("ho-" + row["base"]) if row["base"] else None,
        "note": row["note"],
        "seed": {"id": seed_id, "question": row["q"], "reference_answer": row["ref"], "sources": list(row["sources"])},
        "insight": {
            "claim": row["claim"],
            "confidence": float(row["conf"]),
            "evidence": [{"source_id": s, "quote": q} for s, q in row["ev"]],
            "reasoning": list(row["rs"]),
            "verification_code": row["code"],
        },
        "accepted": _accepted(row),
    }


def main():
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids)), "duplicate ids"
    records = [_record(r) for r in ROWS]
    path = os.path.join(HERE, "labeled.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
    counts = {}
    for rec in records:
        counts[rec["kind"]] = counts.get(rec["kind"], 0) + 1
    print(f"wrote {len(records)} rows to {path}")
    for k in sorted(counts):
        print(f"  {k:28s} {counts[k]}")


if __name__ == "__main__":
    main()
