package dev.autoresearch.cli;

import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.IHelpFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Help whose descriptions wrap at spaces only. picocli wraps them where Java's line break rules
 * allow, which includes after a colon or a dot inside a word, so that a value a user would copy,
 * such as {@code openai:gpt-4o-mini} or {@code ~/.cache}, was cut in two across lines.
 */
final class HelpAtSpaces implements IHelpFactory {

    @Override
    public Help create(CommandSpec spec, ColorScheme colorScheme) {
        return new Help(spec, colorScheme) {
            @Override
            public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
                                              ColorScheme scheme) {
                Layout layout = super.createDefaultLayout(options, positionals, scheme);
                return new Layout(scheme, new Table(scheme, layout.textTable()), createDefaultOptionRenderer(),
                        createDefaultParameterRenderer());
            }
        };
    }

    /** picocli's table, with the wrapping column's values broken at spaces before they are put. */
    private static final class Table extends TextTable {
        Table(ColorScheme scheme, TextTable like) {
            super(scheme, like.columns());
            indentWrappedLines = like.indentWrappedLines;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            String plain = value.plainString();
            int used = Math.max(column.indent, textAt(row, col).plainString().length());
            if (column.overflow != Column.Overflow.WRAP || plain.contains("\n") || used + plain.length() <= column.width) {
                return super.putValue(row, col, value);
            }
            Cell at = null;
            int from = 0;
            for (int[] piece : pieces(plain, column.width - used, column.width - column.indent - indentWrappedLines)) {
                Text part = value.substring(piece[0], piece[1]);
                if (at == null) {
                    at = super.putValue(row, col, part);
                } else {
                    int next = at.row + 1;
                    if (next >= rowCount()) {
                        addEmptyRow();
                    }
                    at = super.putValue(next, col, part.substring(0, 0).concat(" ".repeat(indentWrappedLines)).concat(part));
                }
                from = piece[1];
            }
            return at == null || from == 0 ? super.putValue(row, col, value) : at;
        }

        /** The spans of {@code text} that fill lines of {@code first}, then {@code rest}, characters, broken at spaces. */
        static List<int[]> pieces(String text, int first, int rest) {
            List<int[]> out = new ArrayList<>();
            int start = 0;
            int width = first;
            while (start < text.length()) {
                while (start < text.length() && text.charAt(start) == ' ') {
                    start++;
                }
                if (start >= text.length()) {
                    break;
                }
                int end = Math.min(text.length(), start + Math.max(1, width));
                if (end < text.length()) {
                    int space = text.lastIndexOf(' ', end);
                    if (space > start) {
                        end = space;
                    } else {
                        int after = text.indexOf(' ', end);
                        end = after < 0 ? text.length() : after; // a word longer than the line stays whole
                    }
                }
                out.add(new int[] {start, end});
                start = end;
                width = rest;
            }
            return out;
        }
    }
}
