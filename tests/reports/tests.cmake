# Comparison, paper report and CI gate (no LibTorch in the test process; fot-eval runs as a child).
fot_test_folder(reports LIBS fot_harness_core)
