/**
 * What a session looks like to a person: the progress chart ({@code progress.png}), the one-page
 * HTML report ({@code report.html}), the listener that keeps both current while a session runs,
 * and a loopback server that shows the page live.
 */
package dev.autoresearch.host.report;
