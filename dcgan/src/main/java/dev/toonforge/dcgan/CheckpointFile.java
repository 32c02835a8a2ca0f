package dev.toonforge.dcgan;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The checkpoint file the trainer stores per epoch ({@code runs/{runId}/checkpoints/epoch-NNNN.zip}): a zip holding the
 * full training state ({@value #STATE_ENTRY}, to resume) and the generator export ({@value #GENERATOR_ENTRY}, all the
 * sampler reads).
 */
public final class CheckpointFile {

    public static final String STATE_ENTRY = "state.bin";
    public static final String GENERATOR_ENTRY = "generator.bin";

    private CheckpointFile() {
    }

    public static byte[] write(Dcgan gan) throws IOException {
        ByteArrayOutputStream state = new ByteArrayOutputStream();
        gan.save(state);
        ByteArrayOutputStream generator = new ByteArrayOutputStream();
        gan.exportGenerator(generator);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.setLevel(Deflater.NO_COMPRESSION);   // both entries are compressed zips already
            out.putNextEntry(new ZipEntry(STATE_ENTRY));
            state.writeTo(out);
            out.closeEntry();
            out.putNextEntry(new ZipEntry(GENERATOR_ENTRY));
            generator.writeTo(out);
            out.closeEntry();
        }
        return zip.toByteArray();
    }

    /** The full training state, to resume. */
    public static Dcgan readState(InputStream checkpoint) throws IOException {
        return Dcgan.load(new ByteArrayInputStream(entry(checkpoint, STATE_ENTRY)));
    }

    /** The generator alone; the training state is skipped, never decoded. */
    public static Generator readGenerator(InputStream checkpoint) throws IOException {
        return Generator.load(new ByteArrayInputStream(entry(checkpoint, GENERATOR_ENTRY)));
    }

    private static byte[] entry(InputStream checkpoint, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(checkpoint)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new IOException("not a Toonforge checkpoint: the zip has no " + name + " entry");
    }
}
