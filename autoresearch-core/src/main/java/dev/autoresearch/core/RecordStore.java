package dev.autoresearch.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The records of one lineage of {@link ResearchState}s, appended once and shared: each state sees
 * the first {@code size} of them. A state that is the newest of its lineage adds a record in place;
 * an older one extended copies its prefix into a store of its own, so it never sees a newer state's
 * records nor they its.
 *
 * <p>Records sit in fixed chunks that never move, and a state keeps the chunk table as it was when
 * it was made (in a final field): a reader on another thread sees its prefix whole while the loop's
 * thread appends. The indexes are concurrent maps whose entries past a state's size it ignores.
 */
final class RecordStore {
    static final int CHUNK = 1024;

    /** The indexes of the records with one hypothesis title, newest first. */
    record Titles(int index, Titles older) {
    }

    private ExperimentRecord[][] chunks = new ExperimentRecord[4][];
    private int size;
    /** Experiment number to its index in the history. */
    private final Map<Integer, Integer> numbers = new ConcurrentHashMap<>();
    /** Commit to the index of the first kept record of it. */
    private final Map<String, Integer> keeps = new ConcurrentHashMap<>();
    /** Commit to the index of the first measured record of it (one with the primary metric). */
    private final Map<String, Integer> measured = new ConcurrentHashMap<>();
    /** Normalised hypothesis title to the records that had it. */
    private final Map<String, Titles> titles = new ConcurrentHashMap<>();
    /** Parent commit to the records measured on it, newest first (the baseline, its own parent, left out). */
    private final Map<String, Titles> children = new ConcurrentHashMap<>();

    /** A store holding the first {@code size} records of {@code from} (a state's prefix, copied when an older state is extended). */
    static RecordStore copyOf(ExperimentRecord[][] from, int size) {
        RecordStore store = new RecordStore();
        for (int i = 0; i < size; i++) {
            store.append(from[i / CHUNK][i % CHUNK]);
        }
        return store;
    }

    /**
     * Adds {@code record} after the first {@code expectedSize} records, when nothing was added after
     * them yet.
     *
     * @return the chunk table that holds it, or null when the store has grown past {@code expectedSize}
     */
    synchronized ExperimentRecord[][] appendAfter(int expectedSize, ExperimentRecord record) {
        if (size != expectedSize) {
            return null;
        }
        return append(record);
    }

    private synchronized ExperimentRecord[][] append(ExperimentRecord record) {
        int chunk = size / CHUNK;
        if (chunk == chunks.length) {
            // A new table: the states made before keep the old one, which still holds their records.
            chunks = Arrays.copyOf(chunks, chunks.length * 2);
        }
        if (chunks[chunk] == null) {
            chunks[chunk] = new ExperimentRecord[CHUNK];
        }
        chunks[chunk][size % CHUNK] = record;
        int index = size++;
        numbers.putIfAbsent(record.experiment(), index);
        if (record.status() == Status.KEEP) {
            keeps.putIfAbsent(record.commit(), index);
        }
        if (record.metric().isPresent()) {
            measured.putIfAbsent(record.commit(), index);
        }
        titles.compute(normalize(record.hypothesis().title()), (k, older) -> new Titles(index, older));
        if (!record.isBaseline()) {
            children.compute(record.parent(), (k, older) -> new Titles(index, older));
        }
        return chunks;
    }

    /** The index of experiment {@code number} among the first {@code size} records, or -1. */
    int indexOf(int number, int size) {
        Integer i = numbers.get(number);
        return i != null && i < size ? i : -1;
    }

    /** The index of the first kept record of {@code commit} among the first {@code size}, or -1. */
    int firstKeepOf(String commit, int size) {
        Integer i = keeps.get(commit);
        return i != null && i < size ? i : -1;
    }

    /** The index of the first kept record of {@code commit}, else of the first that measured it, among the first {@code size}, or -1. */
    int nodeOf(String commit, int size) {
        int kept = firstKeepOf(commit, size);
        if (kept >= 0) {
            return kept;
        }
        Integer i = measured.get(commit);
        return i != null && i < size ? i : -1;
    }

    /** The index of the last record with hypothesis title {@code title} among the first {@code size}, or -1. */
    int lastWithTitle(String title, int size) {
        for (Titles t = titles.get(normalize(title)); t != null; t = t.older()) {
            if (t.index() < size) {
                return t.index();
            }
        }
        return -1;
    }

    /** The indexes of the records measured on {@code parent} among the first {@code size}, oldest first. */
    int[] madeOn(String parent, int size) {
        int n = 0;
        for (Titles t = children.get(parent); t != null; t = t.older()) {
            n++;
        }
        int[] out = new int[n];
        int k = 0;
        for (Titles t = children.get(parent); t != null; t = t.older()) {
            if (t.index() < size) {
                out[k++] = t.index();
            }
        }
        int[] mine = Arrays.copyOf(out, k);
        Arrays.sort(mine);
        return mine;
    }

    /** A title with case and runs of spaces ignored. */
    static String normalize(String title) {
        return title.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
