# Harness, tasks, reports and the mock backend (no LibTorch in the test process; fot-eval itself is
# run as a child process). Golden values come from make_golden.py (Python, independent of the C++),
# run first as the harness_golden fixture.
add_test(NAME harness_golden
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/harness/make_golden.py --out ${FOT_GOLDEN_DIR}/harness)
set_tests_properties(harness_golden PROPERTIES FIXTURES_SETUP harness_golden LABELS harness)
fot_test_folder(harness LIBS fot_harness_core FIXTURES harness_golden)
