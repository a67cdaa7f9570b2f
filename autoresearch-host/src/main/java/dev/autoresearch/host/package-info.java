/**
 * What every host of the research loop shares, so that the command, the Maven plugin and any other
 * host (a Gradle task, a CI job, a service) behave alike: the default components built from a
 * program, the checks made before a session spends its baseline, the summary, the progress chart
 * and the HTML report.
 */
package dev.autoresearch.host;
