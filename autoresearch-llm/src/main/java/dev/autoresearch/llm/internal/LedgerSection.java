package dev.autoresearch.llm.internal;

import dev.autoresearch.core.ideas.IdeasView;

/**
 * Writes the prompt's view of the ideas ledger: what this session and earlier ones tried, grouped by
 * what it changed, with outcomes and whether it is worth retrying; then the user's idea to try now.
 * The view is bounded, so this section is as long at experiment 1,000 as at 20.
 */
final class LedgerSection {
    private LedgerSection() {
    }

    static void write(StringBuilder sb, IdeasView view) {
        if (!view.groups().isEmpty()) {
            sb.append("# Ideas tried (this session and earlier ones)\n\n");
            sb.append("Grouped by what they changed, those tried on the code you start from first. Do not propose"
                    + " a tried idea again in other words; one marked \"worth retrying\" was tried on code that has"
                    + " changed since, so it may go differently now.\n\n");
            for (IdeasView.Group g : view.groups()) {
                sb.append("## ").append(g.changed()).append('\n');
                for (IdeasView.Entry e : g.entries()) {
                    sb.append("- ").append(e.id()).append(" \"").append(e.title()).append("\": ").append(e.outcome())
                            .append("; ").append(e.mark().words()).append('\n');
                }
                if (g.more() > 0) {
                    sb.append("- and ").append(g.more()).append(" more\n");
                }
            }
            if (view.omitted() > 0) {
                sb.append("\n").append(view.omitted()).append(" more tried ideas not shown.\n");
            }
            sb.append('\n');
        }
        view.offered().ifPresent(idea -> {
            sb.append("# An idea from the user\n\n");
            sb.append("The user asks you to try this idea in this experiment: ").append(idea.strip()).append('\n');
            if (view.userIdeasOpen() > 1) {
                sb.append("(").append(view.userIdeasOpen() - 1).append(" more of the user's ideas come after it.)\n");
            }
            sb.append('\n');
        });
    }
}
