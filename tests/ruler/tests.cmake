# RULER's synthetic tasks (tasks/ruler). Golden files are committed, made by RULER's own code:
# golden/ruler_c3f5e3b.jsonl by tests/scripts/ruler_make_golden.py (RULER's generator scripts),
# golden/ruler_scoring.json by tests/scripts/ruler_scoring_golden.py (RULER's scoring functions),
# golden/scipy_zeta.json by SciPy (tests/scripts/README.md). fot_models: the mock backend;
# fot_harness_core: the RULER section of results.
fot_test_folder(ruler LIBS fot_tasks fot_models fot_harness_core)
