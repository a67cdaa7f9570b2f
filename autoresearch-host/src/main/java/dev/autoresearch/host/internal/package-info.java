/**
 * The built-in runners ({@code local}, {@code slurm}) and strategies ({@code tune}, {@code llm}), provided
 * through {@code META-INF/services} exactly as a jar of a host's own provides its.
 */
package dev.autoresearch.host.internal;
