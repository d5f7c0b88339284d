# Regression tests of the inputs the fuzz targets found (fuzz/, docs/fuzzing.md): each input, kept in
# fuzz/corpus/<target>/crash-*, goes through the parser's normal API and must be refused with an
# InputError naming the file and the field.
fot_test_folder(parsers LIBS fot_core fot_tasks)
