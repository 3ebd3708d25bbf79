// The veraPDF engine's PDF/UA-1 validation of each file named, as one JSON object a line:
// {"file", "compliant", "status", "failed": [{"rule", "clause", "test", "count", "message", "where": [...], "pages": [...]}]}
// ("where": the first few places, as the validator names them; "pages": every page a failure is on, from 1).
// Run by pipeline/verapdf.py; built and set up by pipeline/verapdf/install (make validators).
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.Profiles;
import org.verapdf.pdfa.validation.profiles.RuleId;
import org.verapdf.pdfa.validation.profiles.ValidationProfile;

import java.io.File;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public class Validate {
  private static final int WHERE = 5;
  private static final java.util.regex.Pattern PAGE = java.util.regex.Pattern.compile("/pages\\[(\\d+)\\]");

  public static void main(String[] files) throws Exception {
    VeraGreenfieldFoundryProvider.initialise();
    ValidationProfile profile;
    try (InputStream xml = Validate.class.getClassLoader().getResourceAsStream("org/verapdf/pdfa/validation/PDFUA-1.xml")) {
      profile = Profiles.profileFromXml(xml);
    }
    for (String file : files) {
      StringBuilder out = new StringBuilder("{\"file\": ").append(quote(file));
      try (PDFAParser parser = Foundries.defaultInstance().createParser(new File(file), PDFAFlavour.PDFUA_1);
           PDFAValidator validator = Foundries.defaultInstance().createValidator(profile, false)) {
        ValidationResult result = validator.validate(parser);
        Map<String, List<TestAssertion>> failed = new TreeMap<>();
        for (TestAssertion assertion : result.getTestAssertions()) {
          if (assertion.getStatus() != TestAssertion.Status.FAILED) continue;
          RuleId id = assertion.getRuleId();
          failed.computeIfAbsent(id.getClause() + "-" + id.getTestNumber(), k -> new ArrayList<>()).add(assertion);
        }
        out.append(", \"compliant\": ").append(result.isCompliant())
           .append(", \"status\": ").append(quote(String.valueOf(result.getJobEndStatus())))
           .append(", \"failed\": [");
        String comma = "";
        for (Map.Entry<String, List<TestAssertion>> rule : failed.entrySet()) {
          TestAssertion first = rule.getValue().get(0);
          RuleId id = first.getRuleId();
          int count = result.getFailedChecks().getOrDefault(id, 0);
          out.append(comma).append("{\"rule\": ").append(quote(rule.getKey()))
             .append(", \"clause\": ").append(quote(id.getClause()))
             .append(", \"test\": ").append(id.getTestNumber())
             .append(", \"count\": ").append(Math.max(count, rule.getValue().size()))
             .append(", \"message\": ").append(quote(first.getMessage().replaceAll("\\s+", " ").trim()))
             .append(", \"where\": [");
          for (int n = 0; n < Math.min(WHERE, rule.getValue().size()); n++) {
            out.append(n > 0 ? ", " : "").append(quote(rule.getValue().get(n).getLocation().getContext()));
          }
          out.append("], \"pages\": [");
          java.util.TreeSet<Integer> pages = new java.util.TreeSet<>();
          for (TestAssertion assertion : rule.getValue()) {
            java.util.regex.Matcher page = PAGE.matcher(String.valueOf(assertion.getLocation().getContext()));
            while (page.find()) pages.add(Integer.parseInt(page.group(1)) + 1);
          }
          String separator = "";
          for (int page : pages) {
            out.append(separator).append(page);
            separator = ", ";
          }
          out.append("]}");
          comma = ", ";
        }
        out.append("]");
      } catch (Exception e) {
        out.append(", \"compliant\": false, \"status\": \"error\", \"error\": ").append(quote(String.valueOf(e.getMessage()))).append(", \"failed\": []");
      }
      System.out.println(out.append("}"));
    }
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.append('"').toString();
  }
}
