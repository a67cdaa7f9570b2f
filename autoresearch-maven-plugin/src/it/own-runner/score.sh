sed -n 's/^SCORE = \([0-9]*\).*/score: \1/p' score.txt
