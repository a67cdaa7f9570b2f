/**
 * Implementation details of the model strategies: reply parsing, edit application, prompt
 * writing, reading the editable files and the retrying model client. Not an API: it may change
 * in any release.
 */
package dev.autoresearch.llm.internal;
