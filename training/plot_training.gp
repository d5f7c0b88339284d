# Loss and training answer accuracy of both phases against the global step.
#   gnuplot -e "log='zoo/training_log.csv'; out='zoo/training_loss.png'" training/plot_training.gp
set datafile separator ","
set terminal pngcairo size 900,600 font ",10"
set output out
# Steps of phase A, so phase B continues on the same axis.
stats log using (strcol(1) eq "plain" ? $2 : 0) nooutput
a = STATS_max
set multiplot layout 2,1 title "tiny-openllama (phase A, plain) -> tiny-longllama (phase B, FoT crossbatch)"
set ylabel "loss"
set logscale y
set grid
set key top right
set xrange [0:*]
plot log using (strcol(1) eq "plain" ? $2 : 1/0):3 every ::1 with lines lc rgb "#1f77b4" title "phase A loss", \
     log using (strcol(1) eq "fot" ? $2 + a : 1/0):3 every ::1 with lines lc rgb "#d62728" title "phase B loss"
unset logscale y
set ylabel "answer accuracy (batch)"
set xlabel "step"
set yrange [0:1.05]
set key bottom right
smooth_n = 25
plot log using (strcol(1) eq "plain" ? $2 : 1/0):4 every ::1 with dots lc rgb "#9ecae1" notitle, \
     log using (strcol(1) eq "fot" ? $2 + a : 1/0):4 every ::1 with dots lc rgb "#fc9272" notitle, \
     log using (strcol(1) eq "plain" ? $2 : 1/0):4 every ::1 smooth bezier lc rgb "#1f77b4" lw 2 title "phase A", \
     log using (strcol(1) eq "fot" ? $2 + a : 1/0):4 every ::1 smooth bezier lc rgb "#d62728" lw 2 title "phase B", \
     log using (strcol(1) eq "plain" && strcol(7) ne "" ? $2 : 1/0):7 every ::1 smooth bezier lc rgb "#2ca02c" lw 2 title "phase A, RULER niah rows", \
     log using (strcol(1) eq "fot" && strcol(7) ne "" ? $2 + a : 1/0):7 every ::1 smooth bezier lc rgb "#ff7f0e" lw 2 title "phase B, RULER niah rows"
unset multiplot
