package dev.autoresearch.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How experiments are submitted when they run as Slurm jobs: program.md's {@code slurm} map, or
 * the {@code --slurm-*} flags. Each value is optional; an absent one leaves the cluster's default.
 *
 * @param partition {@code --partition}
 * @param account   {@code --account}
 * @param qos       {@code --qos}
 * @param gres      {@code --gres}, such as {@code gpu:1}
 * @param cpus      {@code --cpus-per-task}
 * @param mem       {@code --mem}, such as {@code 16G}
 * @param time      the job's {@code --time}; absent, the program's timeout plus a margin for the stop
 * @param extra     any other sbatch options, each a whole option such as {@code --constraint=a100}
 */
public record SlurmOptions(Optional<String> partition, Optional<String> account, Optional<String> qos,
                           Optional<String> gres, OptionalInt cpus, Optional<String> mem, Optional<Duration> time,
                           List<String> extra) {
    /** No options: the cluster's defaults. */
    public static final SlurmOptions NONE = new SlurmOptions(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(), List.of());

    public SlurmOptions {
        partition = word(partition, "partition");
        account = word(account, "account");
        qos = word(qos, "qos");
        gres = word(gres, "gres");
        mem = word(mem, "mem");
        Objects.requireNonNull(cpus, "cpus");
        Objects.requireNonNull(time, "time");
        if (cpus.isPresent() && cpus.getAsInt() < 1) {
            throw new IllegalArgumentException("slurm cpus must be at least 1, got " + cpus.getAsInt());
        }
        if (time.isPresent() && (time.get().isNegative() || time.get().isZero())) {
            throw new IllegalArgumentException("slurm time must be positive, got " + time.get());
        }
        extra = List.copyOf(extra);
        for (String option : extra) {
            if (!option.startsWith("-") || option.indexOf('\0') >= 0 || option.contains("\n")) {
                throw new IllegalArgumentException("a slurm extra option must be one sbatch option such as "
                        + "'--constraint=a100', got '" + option + "'");
            }
        }
    }

    public SlurmOptions withPartition(String partition) {
        return new SlurmOptions(Optional.of(partition), account, qos, gres, cpus, mem, time, extra);
    }

    public SlurmOptions withAccount(String account) {
        return new SlurmOptions(partition, Optional.of(account), qos, gres, cpus, mem, time, extra);
    }

    public SlurmOptions withQos(String qos) {
        return new SlurmOptions(partition, account, Optional.of(qos), gres, cpus, mem, time, extra);
    }

    /** Generic resources such as {@code gpu:1} or {@code gpu:a100:2}. */
    public SlurmOptions withGres(String gres) {
        return new SlurmOptions(partition, account, qos, Optional.of(gres), cpus, mem, time, extra);
    }

    public SlurmOptions withCpus(int cpus) {
        return new SlurmOptions(partition, account, qos, gres, OptionalInt.of(cpus), mem, time, extra);
    }

    /** Memory per node in sbatch's form: {@code 16G}, {@code 4000M}. */
    public SlurmOptions withMem(String mem) {
        return new SlurmOptions(partition, account, qos, gres, cpus, Optional.of(mem), time, extra);
    }

    public SlurmOptions withTime(Duration time) {
        return new SlurmOptions(partition, account, qos, gres, cpus, mem, Optional.of(time), extra);
    }

    /** Replaces the extra sbatch options. */
    public SlurmOptions withExtra(List<String> extra) {
        return new SlurmOptions(partition, account, qos, gres, cpus, mem, time, extra);
    }

    /** These options, each present value of {@code other} over its own. */
    public SlurmOptions overriddenBy(SlurmOptions other) {
        return new SlurmOptions(other.partition.or(() -> partition), other.account.or(() -> account),
                other.qos.or(() -> qos), other.gres.or(() -> gres),
                other.cpus.isPresent() ? other.cpus : cpus, other.mem.or(() -> mem), other.time.or(() -> time),
                other.extra.isEmpty() ? extra : other.extra);
    }

    private static Optional<String> word(Optional<String> value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isPresent()) {
            String v = value.get();
            if (v.isBlank() || !v.equals(v.strip()) || v.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("slurm " + key + " must be one word without spaces, got '" + v + "'");
            }
        }
        return value;
    }
}
