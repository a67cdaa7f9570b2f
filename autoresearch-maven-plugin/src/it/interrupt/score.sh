# Slow enough that the build is stopped in the middle of an experiment.
sleep 1
sed -n 's/^SCORE = \([0-9]*\).*/score: \1/p' score.txt
