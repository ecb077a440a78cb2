package org.spectrogan.adapters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.spectrogan.common.SpectroganException;

/**
 * The annotations (TALs of the "EDF Annotations" / "BDF Annotations" signals) of an EDF+ or BDF+ file, as
 * MNE's {@code read_annotations} gives them: onset and duration in seconds after the header's start time, and
 * the text. Works for files that hold only annotations (data-record duration 0, no ordinary signals, such as
 * the Sleep-EDF hypnograms) and for recordings with signals. The records' time-keeping TALs (empty text) are
 * not annotations; a TAL with several texts gives one annotation per text; an annotation that ends before the
 * start time is left out and one that starts before it is clipped to 0 s.
 *
 * @param sourcePath the file
 * @param startDate the header's start date field (dd.mm.yy), trimmed
 * @param startTime the header's start time field (hh.mm.ss), trimmed
 * @param annotations in file order
 */
public record EdfAnnotations(Path sourcePath, String startDate, String startTime, List<LabelledSegment> annotations) {
    public EdfAnnotations {
        annotations = List.copyOf(annotations);
    }

    /** Reads the annotations of an EDF+ / BDF+ file (BDF by its magic bytes); a clear error if it has none. */
    public static EdfAnnotations read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw SpectroganException.inFile(file, "no such file");
        }
        try {
            Source src = Source.ofFile(file, ReadBudget.fresh());
            byte[] h = src.head(8);
            boolean bdf = h.length == 8 && (h[0] & 0xff) == 0xff;
            return EdfReader.readAnnotations(src, bdf);
        } catch (IOException e) {
            throw SpectroganException.inFile(file, "cannot read: " + e.getMessage(), e);
        } catch (SpectroganException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Recordings.unexpected(file, "edf", e);
        }
    }
}
