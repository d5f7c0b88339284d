# The Python-compatibility layer (tasks/common/python) against Python itself: python_compat_reference.py
# (Debian's python3 3.11 and numpy, no shared data) writes every BMP code point's lower(), \w,
# isspace(), capitalize() and SQuAD normalisation, UTF-8 decodings and random/numpy draws first.
add_test(NAME python_compat_golden
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/scripts/python_compat_reference.py
                 --out ${FOT_GOLDEN_DIR}/python)
set_tests_properties(python_compat_golden PROPERTIES FIXTURES_SETUP python_golden LABELS python)
fot_test_folder(python LIBS fot_tasks FIXTURES python_golden)
