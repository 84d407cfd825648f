package io.github.recur.kernel.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Javadoc comment as plain text for the notebook's tooltip and pager: inline tags resolved
 * ({@code {@code x}} becomes {@code x}), HTML turned into paragraphs, lists and indented code blocks,
 * and the block tags gathered under "Parameters:", "Returns:", "Throws:".
 */
final class JavadocText {
    private static final Pattern INLINE = Pattern.compile("\\{@(code|literal|link|linkplain|value|inheritDoc|docRoot|systemProperty)\\s?"); // one separator: a code block keeps its first line's indent
    private static final Pattern BLOCK_TAG = Pattern.compile("(?m)^\\s*@(param|return|returns|throws|exception|see|since|deprecated|author|version|serial\\w*)\\b\\s*");

    private JavadocText() {}

    static String format(String raw) {
        if (raw == null || raw.isBlank()) return "";
        String text = raw.replace("\r", "");
        Matcher block = BLOCK_TAG.matcher(text);
        int cut = block.find() ? block.start() : text.length();
        String main = text.substring(0, cut);
        String tags = text.substring(cut);
        StringBuilder out = new StringBuilder(body(main));
        String rendered = blockTags(tags);
        if (!rendered.isEmpty()) out.append(out.length() > 0 ? "\n\n" : "").append(rendered);
        return out.toString().strip();
    }

    /** The first sentence, as javadoc's summary: up to the first period followed by blank space. */
    static String firstSentence(String formatted) {
        Matcher m = Pattern.compile("\\.(\\s|$)").matcher(formatted);
        return m.find() ? formatted.substring(0, m.start() + 1) : formatted.lines().findFirst().orElse("");
    }

    /** Main description: code blocks set aside, inline tags, then HTML. */
    private static String body(String main) {
        List<String> blocks = new ArrayList<>();
        Matcher pre = Pattern.compile("(?is)<pre[^>]*>(.*?)</pre>").matcher(main);
        int last = 0;
        StringBuilder flowing = new StringBuilder();
        while (pre.find()) {
            flowing.append(main, last, pre.start()).append("\u0000").append(blocks.size()).append("\u0000");
            blocks.add(codeBlock(pre.group(1)));
            last = pre.end();
        }
        flowing.append(main.substring(last));
        String t = inlineTags(flowing.toString())
                .replaceAll("(?i)<\\s*(p|/p|br\\s*/?|/ul|/ol|ul|ol|/li|dl|/dl|dd|/dd)\\s*>", "\n\n")
                .replaceAll("(?i)<\\s*li\\s*>", "\n\n- ")
                .replaceAll("(?i)<\\s*dt\\s*>", "\n\n")
                .replaceAll("<[^>\\u0000]+>", "");
        StringBuilder out = new StringBuilder();
        for (String para : t.split("\\n\\s*\\n")) {
            String p = entities(para.replaceAll("\\s+", " ").strip());
            if (p.isEmpty()) continue;
            Matcher ref = Pattern.compile("\u0000(\\d+)\u0000").matcher(p);
            StringBuilder withCode = new StringBuilder();
            int at = 0;
            while (ref.find()) {
                String before = p.substring(at, ref.start()).strip();
                if (!before.isEmpty()) withCode.append(before).append("\n\n");
                withCode.append(blocks.get(Integer.parseInt(ref.group(1)))).append("\n\n");
                at = ref.end();
            }
            withCode.append(p.substring(at).strip());
            if (out.length() > 0) out.append("\n\n");
            out.append(withCode.toString().strip());
        }
        return out.toString();
    }

    /** A {@code <pre>} block: its lines as written, indented by four spaces, HTML entities decoded. */
    private static String codeBlock(String content) {
        String c = inlineTags(content).replaceAll("<[^>]+>", "");
        List<String> lines = new ArrayList<>(c.lines().toList());
        while (!lines.isEmpty() && lines.get(0).isBlank()) lines.remove(0);
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) lines.remove(lines.size() - 1);
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String l : lines) sb.append("    ").append(entities(l.length() >= indent ? l.substring(indent) : l.strip())).append('\n');
        return sb.toString().stripTrailing();
    }

    private static String blockTags(String tags) {
        if (tags.isBlank()) return "";
        List<String> params = new ArrayList<>();
        List<String> returns = new ArrayList<>();
        List<String> throwsList = new ArrayList<>();
        List<String> other = new ArrayList<>();
        Matcher m = BLOCK_TAG.matcher(tags);
        List<int[]> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), m.end()});
            names.add(m.group(1));
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : tags.length();
            String content = entities(inlineTags(tags.substring(starts.get(i)[1], end)).replaceAll("<[^>]+>", "")
                    .replaceAll("\\s+", " ").strip());
            switch (names.get(i)) {
                case "param": {
                    String[] nameAndText = content.split(" ", 2);
                    params.add("  " + nameAndText[0] + (nameAndText.length > 1 ? " - " + nameAndText[1] : ""));
                    break;
                }
                case "return": case "returns": returns.add("  " + content); break;
                case "throws": case "exception": {
                    String[] typeAndText = content.split(" ", 2);
                    throwsList.add("  " + typeAndText[0] + (typeAndText.length > 1 ? " - " + typeAndText[1] : ""));
                    break;
                }
                case "deprecated": other.add("Deprecated: " + content); break;
                case "see": other.add("See also: " + content); break;
                case "since": other.add("Since: " + content); break;
                default: break; // author, version, serial: not worth a tooltip
            }
        }
        StringBuilder sb = new StringBuilder();
        section(sb, "Parameters:", params);
        section(sb, "Returns:", returns);
        section(sb, "Throws:", throwsList);
        for (String o : other) sb.append(sb.length() > 0 ? "\n" : "").append(o);
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, List<String> lines) {
        if (lines.isEmpty()) return;
        if (sb.length() > 0) sb.append('\n');
        sb.append(title);
        for (String l : lines) sb.append('\n').append(l);
    }

    /** {@code {@code x}} to x, {@code {@link A#b(int) label}} to label (or A.b(int)), balancing nested braces. */
    static String inlineTags(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        Matcher m = INLINE.matcher(s);
        while (m.find(i)) {
            out.append(s, i, m.start());
            int depth = 1;
            int j = m.end();
            while (j < s.length() && depth > 0) {
                char c = s.charAt(j);
                if (c == '{') depth++;
                else if (c == '}') depth--;
                j++;
            }
            String content = s.substring(m.end(), Math.max(m.end(), j - 1));
            String tag = m.group(1);
            if (tag.equals("link") || tag.equals("linkplain") || tag.equals("value")) {
                String[] refAndLabel = content.strip().split("\\s+", 2);
                out.append(refAndLabel.length > 1 ? refAndLabel[1] : refAndLabel[0].replaceFirst("^#", "").replace('#', '.'));
            } else if (!tag.equals("inheritDoc") && !tag.equals("docRoot")) {
                // literal text: escaped, so the HTML clean-up that follows leaves List<String> alone
                out.append(content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
            }
            i = j;
        }
        out.append(s.substring(Math.min(i, s.length())));
        return out.toString();
    }

    private static String entities(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#64;", "@")
                .replace("&nbsp;", " ").replace("&amp;", "&");
    }
}
