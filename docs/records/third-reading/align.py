"""Third reading: align the blind claims (claims-blind.tsv) with the curated statements of a triples.ttl.

Usage: python align.py before.ttl|after.ttl [--list]
Method as second-reading.md §1: concepts aligned by meaning and label (CONCEPTS below, written by hand from
the labels; one map for both files, with the few per-file differences in OVERRIDE), sentence sets must overlap,
one-to-one greedy matching (same predicate and modality first, then same predicate, then the rest);
strict = same subject concept and same object concept.
"""
import csv, sys, collections, rdflib
from rdflib.namespace import RDF, SKOS

EV = rdflib.Namespace("https://example.org/ev-kg/ontology#")
KG = rdflib.Namespace("https://example.org/ev-kg/id/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")

# my concept words (bracketed referent used where a pronoun stands) -> curated concept (kg: local name)
CONCEPTS = {
 "EV industry": "EVIndustry", "critical crossroads": "CriticalCrossroads",
 "era of unprecedented geopolitical transformation": "GeopoliticalTransformation",
 "EV manufacturers": "EVManufacturers", "resilience": "Resilience", "innovation": "Innovation",
 "global uncertainties": "GlobalUncertainties", "EV factories": "EVFactories", "manufacturers": "Manufacturers",
 "Manufacturers": "Manufacturers", "they [Manufacturers]": "Manufacturers",
 "These facilities [EV factories]": "EVFactories", "production centers": "ProductionCenters",
 "technological advancement": "TechnologicalAdvancement", "sustainable mobility": "SustainableMobility",
 "forward-thinking EV factories": "ForwardThinkingEVFactories", "international dynamics": "InternationalDynamics",
 "electric vehicle manufacturing": "EVManufacturing", "EV manufacturing": "EVManufacturing",
 "electric vehicle (EV) manufacturing": "EVManufacturing", "EV manufacturing sector": "EVManufacturing",
 "Factories": "Factories",
 "They [forward-thinking EV factories]": "ForwardThinkingEVFactories",
 "these factories [forward-thinking EV factories]": "ForwardThinkingEVFactories",
 "Their [forward-thinking EV factories]": "ForwardThinkingEVFactories",
 "challenges": "Challenges", "cutting-edge technologies": "CuttingEdgeTechnologies",
 "pioneering technologies": "CuttingEdgeTechnologies", "streamlined processes": "StreamlinedProcesses",
 "future of transportation": "FutureOfTransportation",
 "global transition towards cleaner, more efficient mobility solutions": "GlobalTransition",
 "advanced battery development": "BatteryDevelopment",
 "sophisticated manufacturing techniques": "AdvancedManufacturingTechniques",
 "electric vehicle technology": "EVTechnology", "electric vehicle technologies": "EVTechnology",
 "complex geopolitical landscape": "GeopoliticalLandscape",
 "rapidly evolving landscape of automotive technology": "AutomotiveTechnologyLandscape",
 "transformative industrial revolution": "IndustrialRevolution",
 "geopolitical dynamics": "GeopoliticalDynamics", "global transportation strategies": "GlobalTransportationStrategies",
 "innovative manufacturers": "InnovativeManufacturers", "electrification": "Electrification",
 "traditional automotive production paradigms": "TraditionalAutomotiveProduction",
 "contemporary automotive manufacturing ecosystem": "AutomotiveManufacturing",
 "technological metamorphosis": "TechnologicalMetamorphosis",
 "robotics": "Robotics", "artificial intelligence": "ArtificialIntelligence",
 "materials science": "AdvancedMaterialsScience", "traditional assembly lines": "AssemblyLines",
 "manufacturing capabilities": "ManufacturingCapabilities", "vehicles": "Vehicles",
 "mobility solutions": "ComprehensiveMobilitySolutions", "sophisticated software": "Software",
 "advanced battery technologies": "BatteryTechnology", "Battery technology": "BatteryTechnology",
 "sustainable production methodologies": "SustainableProductionMethods",
 "modern EV factories": "ModernEVFactories", "industrial facilities": "IndustrialFacilities",
 "practical engineering": "PracticalEngineering",
 "automation systems": "AutomationSystems", "unprecedented precision": "Precision",
 "machine learning algorithms": "MachineLearning", "production workflows": "ProductionWorkflows",
 "inefficiencies": "Inefficiencies", "environmental impact": "EnvironmentalImpact",
 "global landscape of EV manufacturing": "GlobalEVManufacturingLandscape",
 "technological collaboration": "TechnologicalCollaboration", "strategic competition": "StrategicCompetition",
 "China": "China", "United States": "UnitedStates", "Germany": "Germany",
 "research and development": "ResearchAndDevelopment",
 "sophisticated ecosystems": "ManufacturingHubs", "manufacturing hubs [sophisticated ecosystems]": "ManufacturingHubs",
 "they [sophisticated ecosystems]": "ManufacturingHubs",
 "top engineering talent": "TopEngineeringTalent", "technological infrastructures": "TechnologicalInfrastructure",
 "renewable energy sources": "RenewableEnergy", "circular economy principles": "CircularEconomy",
 "battery recycling technologies": "BatteryRecycling",
 "sustainable industrial production": "SustainableIndustrialProduction", "sustainability": "Sustainability",
 "closed-loop systems": "ClosedLoopSystems", "waste": "Waste", "energy efficiency": "EnergyEfficiency",
 "carbon footprints": "CarbonFootprint", "carbon fiber composites": "CarbonFiberComposites",
 "recycled aluminum": "RecycledAluminum", "traditional manufacturing inputs": "TraditionalManufacturingInputs",
 "environmental stewardship": "EnvironmentalStewardship",
 "lifecycle assessment methodologies": "LifecycleAssessment",
 "This holistic approach [lifecycle assessment methodologies]": "LifecycleAssessment",
 "stage of production": "ProductionStages", "raw material extraction": "RawMaterialExtraction",
 "final vehicle assembly": "VehicleAssembly", "industrial production principles": "IndustrialProductionPrinciples",
 "technological and logistical challenges": "ManufacturingChallenges",
 "research": "BatteryResearch", "energy density": "EnergyDensity", "charging speeds": "ChargingSpeed",
 "material sustainability": "MaterialSustainability",
 "Supply chain complexities": "SupplyChainComplexity", "rare earth minerals": "RareEarthMinerals",
 "semiconductor components": "SemiconductorComponents", "innovative procurement strategies": "InnovativeProcurement",
 "international collaboration": "InternationalCollaboration",
 "Geopolitical tensions": "GeopoliticalTensions", "resource constraints": "ResourceConstraints",
 "creative solutions": "CreativeSolutions", "traditional manufacturing approaches": "TraditionalManufacturingApproaches",
 "shift towards electric vehicle production": "ShiftToEVProduction",
 "it [shift towards electric vehicle production]": "ShiftToEVProduction",
 "technological transition": "TechnologicalTransition",
 "workforce transformation": "WorkforceTransformation (mine only)",
 "traditional automotive workers": "TraditionalAutomotiveWorkers", "workforce": "EVWorkforce",
 "advanced digital skills": "DigitalSkills", "software engineering": "SoftwareEngineering",
 "complex systems integration": "SystemsIntegration",
 "Educational institutions": "EducationalInstitutions", "specialized curricula": "SpecializedCurricula",
 "workforce remains adaptable and technologically sophisticated": "WorkforceRemainsAdaptable",
 "human-centric approach to industrial evolution": "HumanCentricApproach",
 "technological progress remains inclusive and socially responsible": "InclusiveProgress",
 "retrained [retraining]": "Retraining",
 "global race for EV manufacturing supremacy": "GlobalEVRace",
 "It [global race for EV manufacturing supremacy]": "GlobalEVRace",
 "industrial competition": "IndustrialCompetition",
 "significant economic and geopolitical ramifications": "Ramifications",
 "Nations": "EVInvestingNations", "21st-century industrial innovation": "IndustrialInnovation",
 "Economic models": "EconomicModels", "restructured [restructuring]": "EconomicRestructuring",
 "emerging technological leaders": "EmergingTechnologicalLeaders",
 "traditional automotive powerhouses": "TraditionalAutomotivePowerhouses",
 "engineering laboratories": "EngineeringLaboratories", "complex global negotiations": "GlobalNegotiations",
 "strategic investments": "StrategicInvestments", "future of mobility": "FutureOfMobility",
}
# per-file differences: BEFORE names s30's state "adaptable and technologically sophisticated workforce"
OVERRIDE = {"before.ttl": {"workforce remains adaptable and technologically sophisticated": "AdaptableWorkforce"}}

def loc(u): return str(u).rsplit('/', 1)[-1].rsplit('#', 1)[-1]

def load_mine(path, fname):
    cmap = dict(CONCEPTS); cmap.update(OVERRIDE.get(fname, {}))
    out = []
    for r in csv.DictReader(open(path), delimiter='\t'):
        for k in ('subject', 'object'):
            if r[k] not in cmap: sys.exit(f"unmapped concept: {r[k]!r}")
        out.append(dict(sent=frozenset(r['sentence'].split('+')), s=cmap[r['subject']], p=r['predicate'][3:],
                        o=cmap[r['object']], m=r['modality'][3:], sc=r['subject_class'][3:], oc=r['object_class'][3:],
                        raw=r))
    return out

def load_data(path):
    g = rdflib.Graph(); g.parse(path)
    out = []
    for st in g.subjects(RDF.type, RDF.Statement):
        s, o = g.value(st, RDF.subject), g.value(st, RDF.object)
        out.append(dict(sent=frozenset(loc(x) for x in g.objects(st, PROV.wasDerivedFrom)), s=loc(s),
                        p=loc(g.value(st, RDF.predicate)), o=loc(o), m=loc(g.value(st, EV.modality)),
                        sc=loc(g.value(s, RDF.type)), oc=loc(g.value(o, RDF.type)), node=st))
    return g, out

def match(mine, data):
    pairs, um, ud = [], set(range(len(mine))), set(range(len(data)))
    tiers = [lambda a, b: a['p'] == b['p'] and a['m'] == b['m'], lambda a, b: a['p'] == b['p'], lambda a, b: True]
    for t in tiers:
        for i in sorted(um):
            a = mine[i]
            for j in sorted(ud):
                b = data[j]
                if a['s'] == b['s'] and a['o'] == b['o'] and a['sent'] & b['sent'] and t(a, b):
                    pairs.append((i, j)); um.discard(i); ud.discard(j); break
    return pairs, um, ud

def prf(n, nm, nd):
    p, r = n / nm, n / nd
    return p, r, (2 * p * r / (p + r) if p + r else 0)

def kappa(pairs, mine, data):
    n = len(pairs); a = [mine[i]['m'] for i, _ in pairs]; b = [data[j]['m'] for _, j in pairs]
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = collections.Counter(a), collections.Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / n / n
    return po, pe, (po - pe) / (1 - pe)

def main():
    path = sys.argv[1]; fname = path.rsplit('/', 1)[-1]
    mine = load_mine('claims-blind.tsv', fname); g, data = load_data(path)
    pairs, um, ud = match(mine, data)
    A = len(pairs)
    B = sum(mine[i]['p'] == data[j]['p'] for i, j in pairs)
    C = sum(mine[i]['p'] == data[j]['p'] and mine[i]['m'] == data[j]['m'] for i, j in pairs)
    print(f"== {fname}: my claims {len(mine)}, curated statements {len(data)}, matched (strict) {A}")
    for lab, n in (('(a) subj+obj+sentence', A), ('(b) + predicate', B), ('(c) + modality', C)):
        p, r, f = prf(n, len(mine), len(data)); print(f"{lab:24s} n={n:3d}  P={p:.3f} R={r:.3f} F1={f:.3f}")
    po, pe, k = kappa(pairs, mine, data)
    agree = sum(mine[i]['m'] == data[j]['m'] for i, j in pairs)
    print(f"modality agreement on matched pairs {agree}/{A} = {po:.3f}; p_e={pe:.3f}; Cohen's kappa={k:.3f}")
    print("predicate agreement on matched pairs", B, "/", A)
    conf = collections.Counter((mine[i]['m'], data[j]['m']) for i, j in pairs)
    print("confusion (mine -> curated):", ', '.join(f"{a}->{b} {n}" for (a, b), n in sorted(conf.items(), key=lambda x: -x[1])))
    # class agreement on matched concepts
    cls = {}
    for i, j in pairs:
        for k1, k2 in (('s', 'sc'), ('o', 'oc')):
            cls[mine[i][k1]] = (mine[i][k2], data[j][k2])
    ca = sum(a == b for a, b in cls.values())
    print(f"class agreement on matched concepts {ca}/{len(cls)}; differences:",
          {c: v for c, v in cls.items() if v[0] != v[1]})
    if '--list' in sys.argv:
        S = lambda x: '+'.join(sorted(x['sent'], key=lambda s: int(s[1:])))
        print("-- matched pairs that differ (mine | curated)")
        for i, j in sorted(pairs, key=lambda x: int(min(mine[x[0]]['sent'])[1:])):
            a, b = mine[i], data[j]
            if a['p'] != b['p'] or a['m'] != b['m']:
                print(f"{S(a)}\t{a['s']} {a['p']} {a['o']} [{a['m']}]\t|\t{b['p']} [{b['m']}]")
        print("-- my claims unmatched")
        for i in sorted(um, key=lambda i: int(min(mine[i]['sent'])[1:])):
            a = mine[i]; print(f"{S(a)}\t{a['s']} {a['p']} {a['o']} [{a['m']}]")
        print("-- curated statements unmatched")
        for j in sorted(ud, key=lambda j: int(min(data[j]['sent'])[1:])):
            b = data[j]; print(f"{S(b)}\t{b['s']} {b['p']} {b['o']} [{b['m']}]")
    if '--plain' in sys.argv:
        NOT_PLAIN = {'EvaluationOrOpinion', 'SignalOrIndication', 'AspirationOrPositioning', 'Denied'}
        print("-- plain-triple check")
        bad, missing = [], []
        for b in data:
            s, p, o = KG[b['s']], EV[b['p']], KG[b['o']]
            plain = (s, p, o) in g
            if b['m'] in NOT_PLAIN and plain: bad.append(b)
            if b['m'] not in NOT_PLAIN and not plain: missing.append(b)
        print(f"non-truthy statements ({sum(b['m'] in NOT_PLAIN for b in data)}) that also stand as plain triples: {len(bad)}",
              [(b['s'], b['p'], b['o'], b['m']) for b in bad])
        print(f"truthy statements without their plain triple: {len(missing)}",
              [(b['s'], b['p'], b['o'], b['m']) for b in missing])
        collab = list(g.subject_objects(EV.collaboratesWith))
        print("plain ev:collaboratesWith triples:", [(loc(s), loc(o)) for s, o in collab])
        print("both ways:", all((o, EV.collaboratesWith, s) in g for s, o in collab) and bool(collab))
        # plain triples with no statement at all (other than collaboratesWith twins and structure)
        props = set(EV[x] for x in {b['p'] for b in data})
        stmt = {(KG[b['s']], EV[b['p']], KG[b['o']]) for b in data}
        extra = [(loc(s), loc(p), loc(o)) for s, p, o in g if p in props and (s, p, o) not in stmt]
        print("plain triples of claim predicates without a statement:", extra)

if __name__ == '__main__':
    main()
