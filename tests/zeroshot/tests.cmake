# Zero-shot suite building blocks (tasks/zeroshot). Golden values come from Python (independent of the
# C++): zeroshot_python_reference.py transcribes v0.3.0's metrics, the nine fixture tasks' requests,
# Python's random and str methods and sentencepiece's encodes; zeroshot_stories260k.py scores
# stories260K in NumPy. Both run first as CTest fixtures.
add_test(NAME zeroshot_python_golden
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/scripts/zeroshot_python_reference.py
                 --data ${FOT_SHARED_DATA} --fixtures ${CMAKE_CURRENT_SOURCE_DIR}/zeroshot/fixtures --out ${FOT_GOLDEN_DIR}/zeroshot)
add_test(NAME zeroshot_stories260k_golden
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/scripts/zeroshot_stories260k.py
                 --data ${FOT_SHARED_DATA} --out ${FOT_GOLDEN_DIR}/zeroshot)
set_tests_properties(zeroshot_python_golden zeroshot_stories260k_golden PROPERTIES
                     FIXTURES_SETUP zeroshot_golden LABELS zeroshot)
# fot_models: the stories260K scoring tests load the real llama backend; fot_harness_core: the
# paper average in a run's results.
fot_test_folder(zeroshot LIBS fot_tasks fot_models fot_harness_core FIXTURES zeroshot_golden)
