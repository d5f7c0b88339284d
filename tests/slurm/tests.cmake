# A real one-node Slurm cluster runs a sharded run (as root; setup.sh installs slurmctld, slurmd,
# slurm-client and munge). It uses the ports 16817/16818.
add_test(NAME slurm_cluster COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/slurm/slurm_cluster_test.sh $<TARGET_FILE:fot-eval>)
set_tests_properties(slurm_cluster PROPERTIES LABELS slurm TIMEOUT 300)
