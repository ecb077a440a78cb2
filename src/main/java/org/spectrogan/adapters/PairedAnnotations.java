package org.spectrogan.adapters;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.spectrogan.common.SpectroganException;

/**
 * The adapter's {@code pairedAnnotations} section: a recording's labels come from a separate EDF+ annotation file
 * matched by name, as sleep corpora are distributed (a PSG {@code SC4001E0-PSG.edf} or its features
 * {@code SC4001E0.npz} and the hypnogram {@code SC4001EC-Hypnogram.edf}).
 *
 * <ul>
 *   <li>{@code folder}: where the annotation files are, relative to each data file's folder (or absolute);
 *       every {@code .edf} / {@code .bdf} file there is a candidate (read with {@link EdfAnnotations}).</li>
 *   <li>{@code match}: a regex found in both names; its group 1 is the pairing key ({@code ^(SC4\d{3})}: SC4001).
 *       A data file pairs with the one candidate whose key is the same; none or several is an error.</li>
 *   <li>{@code skipLabels}: annotation texts (before the label map) of stretches that have no example, e.g.
 *       {@code ["Sleep stage ?", "Movement time"]}.</li>
 * </ul>
 * For an EDF recording the paired file's annotations replace the recording's own (then the label map and
 * dropLabels as usual). For a table ({@code format: table}) the examples of a file are taken as consecutive epochs
 * of {@code table.exampleSeconds} from the annotation file's start: epoch k, [k E, (k + 1) E), has the text of the
 * annotation holding its start; epochs with a {@code skipLabels} text or outside every annotation have no example;
 * example i gets the label of the i-th remaining epoch. A file with more examples than remaining epochs is an error.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PairedAnnotations(@JsonProperty("folder") String folder, @JsonProperty("match") String match,
                                @JsonProperty("skipLabels") List<String> skipLabels) {
    public PairedAnnotations {
        if (folder == null || folder.isBlank()) {
            throw new IllegalArgumentException("pairedAnnotations.folder must name the folder of the annotation files");
        }
        if (match == null || match.isBlank()) {
            throw new IllegalArgumentException("pairedAnnotations.match must be a regex whose group 1 is the pairing key, e.g. ^(SC4\\\\d{3})");
        }
        try {
            if (Pattern.compile(match).matcher("").groupCount() < 1) {
                throw new IllegalArgumentException("pairedAnnotations.match '" + match + "' has no group: its group 1 is the pairing key");
            }
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pairedAnnotations.match '" + match + "' is not a valid regex: " + e.getDescription());
        }
        skipLabels = skipLabels == null ? List.of() : List.copyOf(skipLabels);
    }

    /** The annotation file paired with {@code dataFile}; a one-line error when there is none or more than one. */
    public Path pairOf(Path dataFile) {
        String key = keyOf(dataFile.getFileName().toString());
        if (key == null) {
            throw SpectroganException.inFile(dataFile, "pairedAnnotations: the file name does not match '" + match
                    + "', so it has no pairing key");
        }
        Path parent = dataFile.toAbsolutePath().getParent();
        Path dir = parent == null ? Path.of(folder) : parent.resolve(folder).normalize();
        if (!Files.isDirectory(dir)) {
            throw SpectroganException.inFile(dataFile, "pairedAnnotations: folder " + dir + " does not exist");
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (Files.isRegularFile(p) && (n.endsWith(".edf") || n.endsWith(".bdf")) && !p.equals(dataFile.toAbsolutePath().normalize())
                        && key.equals(keyOf(p.getFileName().toString()))) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            throw SpectroganException.inFile(dir, "cannot list the annotation folder: " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw SpectroganException.inFile(dataFile, "pairedAnnotations: no annotation file with key '" + key + "' (match '"
                    + match + "') in " + dir);
        }
        if (found.size() > 1) {
            throw SpectroganException.inFile(dataFile, "pairedAnnotations: " + found.size() + " annotation files have key '" + key
                    + "' in " + dir + " (" + String.join(", ", found.stream().map(p -> p.getFileName().toString()).toList())
                    + "): make match tell them apart");
        }
        return found.get(0);
    }

    /** The paired file's annotations without the {@code skipLabels} ones (raw texts, before the label map). */
    public List<LabelledSegment> segmentsFor(Path dataFile) {
        return EdfAnnotations.read(pairOf(dataFile)).annotations().stream().filter(a -> !skipLabels.contains(a.label())).toList();
    }

    /**
     * The raw annotation text of every epoch of {@code epochSeconds} that has an example, in order (see the class
     * comment): the label of example i of {@code dataFile} is element i.
     */
    public List<String> epochLabels(Path dataFile, double epochSeconds) {
        return epochLabels(EdfAnnotations.read(pairOf(dataFile)).annotations(), epochSeconds, skipLabels);
    }

    static List<String> epochLabels(List<LabelledSegment> annotations, double epochSeconds, List<String> skip) {
        double end = 0;
        for (LabelledSegment a : annotations) {
            end = Math.max(end, a.endSeconds());
        }
        long epochs = (long) Math.floor(end / epochSeconds + 1e-9);
        List<String> out = new ArrayList<>();
        for (long k = 0; k < epochs; k++) {
            double t = k * epochSeconds;
            String text = null;
            for (LabelledSegment a : annotations) {
                if (a.durationSeconds() > 0 && a.onsetSeconds() <= t + 1e-9 && t < a.endSeconds() - 1e-9) {
                    text = a.label();
                    break;
                }
            }
            if (text != null && !skip.contains(text)) {
                out.add(text);
            }
        }
        return out;
    }

    private String keyOf(String name) {
        Matcher m = Pattern.compile(match).matcher(name);
        return m.find() ? m.group(1) : null;
    }
}
