package io.github.recur.kernel.rendering;

import javax.imageio.ImageIO;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Images as base64 PNG, the form Jupyter's {@code image/png} carries. */
final class ImageRendering {
    private ImageRendering() {}

    static String png(RenderedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode the image as PNG", e);
        }
    }

    static String png(byte[] pngBytes) {
        return Base64.getEncoder().encodeToString(pngBytes);
    }
}
