# Few-shot modes through the executor against the independent LongLLaMA reference
# (tests/scripts/few_shot_reference.py over tests/scripts/fot_reference.py), run first as the
# few_shot_golden fixture.
add_test(NAME few_shot_golden
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/scripts/few_shot_reference.py --out ${FOT_GOLDEN_DIR}/few_shot)
set_tests_properties(few_shot_golden PROPERTIES FIXTURES_SETUP few_shot_golden LABELS few_shot TIMEOUT 300)
fot_test_folder(few_shot LIBS fot_harness_core fot_tasks fot_models FIXTURES few_shot_golden)
