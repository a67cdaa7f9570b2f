sed -n 's/^\(SCORE = \)*\([0-9][0-9]*\).*/score: \2/p' score.txt
