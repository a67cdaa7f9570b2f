/**
 * Research strategies driven by a language model through langchain4j's {@code ChatModel}.
 *
 * <p>{@link dev.autoresearch.llm.LlmStrategy} is both the hypothesis generator and the code
 * mutator: one reply carries the hypothesis and its SEARCH/REPLACE edits, corrections are asked
 * for in the same conversation. {@link dev.autoresearch.llm.EditBlockMutator} applies edit blocks
 * without a model. {@link dev.autoresearch.llm.ModelFactory} makes a model from a
 * {@code provider:model} name ({@link dev.autoresearch.llm.ModelSpec}) and the API keys in the
 * environment; {@link dev.autoresearch.llm.RetryPolicy} and {@link dev.autoresearch.llm.Sleeper}
 * decide how failed requests are retried.
 */
package dev.autoresearch.llm;
