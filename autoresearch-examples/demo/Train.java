/*
 * The autoresearch demo: a small neural network learns to tell three interleaved spirals apart.
 *
 * Run it from anywhere with a JDK 17 or newer, no build and no network:
 *
 *     java Train.java
 *
 * The data are generated with a fixed seed, and the training budget is a fixed number of examples,
 * so the same constants always give the same val_loss, to the last digit, on any machine.
 * The summary after the last "---" line is what the research loop reads.
 *
 * The hyperparameters below were left deliberately untuned: the demo's program.md lets the
 * tuner change them, one at a time, and keeps what lowers val_loss.
 */

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

public class Train {

    // ---------------------------------------------------------------------------
    // Hyperparameters (edit these directly, no flags needed)
    // ---------------------------------------------------------------------------

    static final double LEARNING_RATE = 0.03;     // SGD step size at the start of training
    static final double MOMENTUM = 0.8;           // heavy-ball momentum, 0 for plain SGD
    static final double WEIGHT_DECAY = 0.001;     // L2 penalty on the weights (not the biases)
    static final double INIT_SCALE = 1.0;         // initial weights, as a multiple of He initialisation
    static final int HIDDEN = 16;                 // units in the hidden layer
    static final int BATCH_SIZE = 64;             // examples per step

    // ---------------------------------------------------------------------------
    // Fixed budget and data (the same for every experiment, so results compare)
    // ---------------------------------------------------------------------------

    static final int TRAINING_EXAMPLES = 256_000; // the training budget: examples seen, in batches of BATCH_SIZE
    static final double WARMDOWN_RATIO = 0.5;     // share of the steps over which the rate decays to 0
    static final int CLASSES = 3;                 // spiral arms, one class each
    static final int POINTS_PER_CLASS = 1000;     // generated points per arm
    static final int VAL_POINTS = 600;            // held out for val_loss
    static final double NOISE = 0.25;             // angular noise of the arms, in radians
    static final long SEED = 1337;                // seeds the data, the initial weights and the batch order

    public static void main(String[] args) {
        // Separate random streams, so that changing one thing (say HIDDEN) leaves the others alone.
        // StrictMath rather than Math: the same bits on every machine.
        Random dataRandom = new Random(SEED);
        Random initRandom = new Random(SEED + 1);
        Random batchRandom = new Random(SEED + 2);

        // Data: CLASSES spiral arms in the unit disc, shuffled, then split into train and val.
        int n = CLASSES * POINTS_PER_CLASS;
        double[][] x = new double[n][2];
        int[] y = new int[n];
        for (int c = 0; c < CLASSES; c++) {
            for (int i = 0; i < POINTS_PER_CLASS; i++) {
                double r = (double) i / POINTS_PER_CLASS;
                double angle = c * 2 * Math.PI / CLASSES + r * 1.25 * 2 * Math.PI + NOISE * dataRandom.nextGaussian();
                int k = c * POINTS_PER_CLASS + i;
                x[k][0] = r * StrictMath.cos(angle);
                x[k][1] = r * StrictMath.sin(angle);
                y[k] = c;
            }
        }
        for (int i = n - 1; i > 0; i--) {
            int j = dataRandom.nextInt(i + 1);
            double[] tx = x[i];
            x[i] = x[j];
            x[j] = tx;
            int ty = y[i];
            y[i] = y[j];
            y[j] = ty;
        }
        int trainSize = n - VAL_POINTS;
        int numSteps = TRAINING_EXAMPLES / BATCH_SIZE;

        // Model: 2 inputs -> HIDDEN ReLU units -> CLASSES logits, softmax cross-entropy.
        // Weights start at INIT_SCALE times He initialisation, normal with variance 2 / fan_in; biases at 0.
        double[][] w1 = new double[HIDDEN][2];
        double[] b1 = new double[HIDDEN];
        double[][] w2 = new double[CLASSES][HIDDEN];
        double[] b2 = new double[CLASSES];
        for (double[] row : w1) {
            for (int i = 0; i < row.length; i++) {
                row[i] = INIT_SCALE * Math.sqrt(2.0 / 2) * initRandom.nextGaussian();
            }
        }
        for (double[] row : w2) {
            for (int i = 0; i < row.length; i++) {
                row[i] = INIT_SCALE * Math.sqrt(2.0 / HIDDEN) * initRandom.nextGaussian();
            }
        }
        int numParams = HIDDEN * 2 + HIDDEN + CLASSES * HIDDEN + CLASSES;

        // Gradients and momentum buffers, same shapes as the parameters.
        double[][] gw1 = new double[HIDDEN][2];
        double[] gb1 = new double[HIDDEN];
        double[][] gw2 = new double[CLASSES][HIDDEN];
        double[] gb2 = new double[CLASSES];
        double[][] vw1 = new double[HIDDEN][2];
        double[] vb1 = new double[HIDDEN];
        double[][] vw2 = new double[CLASSES][HIDDEN];
        double[] vb2 = new double[CLASSES];
        double[] h = new double[HIDDEN];
        double[] p = new double[CLASSES];

        // Training: mini-batch SGD with momentum over shuffled epochs, constant rate then a linear warmdown.
        int[] order = new int[trainSize];
        for (int i = 0; i < trainSize; i++) {
            order[i] = i;
        }
        int cursor = trainSize;
        int reportEvery = Math.max(1, numSteps / 8);
        double smoothLoss = 0;
        long trainStart = System.nanoTime();
        for (int step = 0; step < numSteps; step++) {
            for (double[] row : gw1) {
                Arrays.fill(row, 0);
            }
            for (double[] row : gw2) {
                Arrays.fill(row, 0);
            }
            Arrays.fill(gb1, 0);
            Arrays.fill(gb2, 0);
            double loss = 0;
            for (int b = 0; b < BATCH_SIZE; b++) {
                if (cursor == trainSize) {
                    for (int i = trainSize - 1; i > 0; i--) {
                        int j = batchRandom.nextInt(i + 1);
                        int t = order[i];
                        order[i] = order[j];
                        order[j] = t;
                    }
                    cursor = 0;
                }
                int k = order[cursor++];
                loss += forward(x[k], y[k], w1, b1, w2, b2, h, p);
                // Backward: d(loss)/d(logits) = p - onehot(y).
                p[y[k]] -= 1;
                for (int c = 0; c < CLASSES; c++) {
                    gb2[c] += p[c];
                    for (int j = 0; j < HIDDEN; j++) {
                        gw2[c][j] += p[c] * h[j];
                    }
                }
                for (int j = 0; j < HIDDEN; j++) {
                    double d = 0;
                    if (h[j] > 0) {
                        for (int c = 0; c < CLASSES; c++) {
                            d += w2[c][j] * p[c];
                        }
                    }
                    gb1[j] += d;
                    gw1[j][0] += d * x[k][0];
                    gw1[j][1] += d * x[k][1];
                }
            }
            loss /= BATCH_SIZE;
            smoothLoss = step == 0 ? loss : 0.99 * smoothLoss + 0.01 * loss;

            double warmdownStart = (1 - WARMDOWN_RATIO) * numSteps;
            double lr = step < warmdownStart ? LEARNING_RATE
                    : LEARNING_RATE * (numSteps - step) / (numSteps - warmdownStart);
            double scale = 1.0 / BATCH_SIZE;
            for (int j = 0; j < HIDDEN; j++) {
                for (int i = 0; i < 2; i++) {
                    vw1[j][i] = MOMENTUM * vw1[j][i] + gw1[j][i] * scale + WEIGHT_DECAY * w1[j][i];
                    w1[j][i] -= lr * vw1[j][i];
                }
                vb1[j] = MOMENTUM * vb1[j] + gb1[j] * scale;
                b1[j] -= lr * vb1[j];
            }
            for (int c = 0; c < CLASSES; c++) {
                for (int j = 0; j < HIDDEN; j++) {
                    vw2[c][j] = MOMENTUM * vw2[c][j] + gw2[c][j] * scale + WEIGHT_DECAY * w2[c][j];
                    w2[c][j] -= lr * vw2[c][j];
                }
                vb2[c] = MOMENTUM * vb2[c] + gb2[c] * scale;
                b2[c] -= lr * vb2[c];
            }
            if (!Double.isFinite(smoothLoss)) {
                System.out.printf(Locale.ROOT, "step %05d/%05d | loss is %s, training diverged%n", step, numSteps, smoothLoss);
                System.exit(1);
            }
            if ((step + 1) % reportEvery == 0) {
                System.out.printf(Locale.ROOT, "step %05d/%05d | train_loss: %.4f | lr: %.5f%n",
                        step + 1, numSteps, smoothLoss, lr);
            }
        }
        double trainingSeconds = (System.nanoTime() - trainStart) / 1e9;

        // Evaluation on the held-out points.
        double valLoss = 0;
        int correct = 0;
        for (int k = trainSize; k < n; k++) {
            valLoss += forward(x[k], y[k], w1, b1, w2, b2, h, p);
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            correct += best == y[k] ? 1 : 0;
        }
        valLoss /= VAL_POINTS;
        double valAccuracy = (double) correct / VAL_POINTS;

        double peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }

        System.out.println("---");
        System.out.printf(Locale.ROOT, "val_loss:         %.6f%n", valLoss);
        System.out.printf(Locale.ROOT, "val_accuracy:     %.6f%n", valAccuracy);
        System.out.printf(Locale.ROOT, "training_seconds: %.1f%n", trainingSeconds);
        System.out.printf(Locale.ROOT, "peak_heap_mb:     %.1f%n", peakHeap / (1024 * 1024));
        System.out.printf(Locale.ROOT, "num_steps:        %d%n", numSteps);
        System.out.printf(Locale.ROOT, "num_params:       %d%n", numParams);
    }

    /** Fills the hidden activations {@code h} and class probabilities {@code p}; returns the cross-entropy. */
    static double forward(double[] x, int y, double[][] w1, double[] b1, double[][] w2, double[] b2,
                          double[] h, double[] p) {
        for (int j = 0; j < h.length; j++) {
            double a = b1[j] + w1[j][0] * x[0] + w1[j][1] * x[1];
            h[j] = a > 0 ? a : 0;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < p.length; c++) {
            double z = b2[c];
            for (int j = 0; j < h.length; j++) {
                z += w2[c][j] * h[j];
            }
            p[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < p.length; c++) {
            p[c] = StrictMath.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
        }
        return -StrictMath.log(Math.max(p[y], 1e-300));
    }
}
