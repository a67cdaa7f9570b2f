/**
 * Implementation details of the runners module: the bounded log, process-tree tracking and
 * stopping, output parsing. Not an API; it changes without notice.
 */
package dev.autoresearch.runners.internal;
