# Few-shot TREC / WebQS building blocks (tasks/icl). Golden values come from Python scripts
# (Debian's python3-sentencepiece and numpy, independent of the C++), run first as the icl_golden
# fixture; the stories260K scoring test runs its numpy reference itself on the ids it logged.
foreach(script icl_data_reference icl_layout_reference squad_reference)
  add_test(NAME icl_golden_${script}
           COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/scripts/${script}.py
                   --data ${FOT_SHARED_DATA} --out ${FOT_GOLDEN_DIR}/icl)
  set_tests_properties(icl_golden_${script} PROPERTIES FIXTURES_SETUP icl_golden LABELS icl)
endforeach()
# fot_models for the llama backend of the stories260K scoring test.
fot_test_folder(icl LIBS fot_tasks fot_models fot_harness_core FIXTURES icl_golden)
