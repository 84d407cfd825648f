import javax.imageio.ImageIO;
import java.awt.*;
import java.awt.geom.*;
import java.awt.image.BufferedImage;
import java.io.File;

/** Draws the kernel logos (a looping arrow, the "recurrence", on a coffee-brown disc). Run: java MakeLogos.java DIR */
public class MakeLogos {
    public static void main(String[] args) throws Exception {
        for (int size : new int[] {32, 64}) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            float s = size / 64f;
            g.setColor(new Color(0x6F, 0x4E, 0x37));
            g.fill(new Ellipse2D.Float(1 * s, 1 * s, 62 * s, 62 * s));
            g.setColor(new Color(0xF5, 0x9E, 0x0B));
            g.setStroke(new BasicStroke(7 * s, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Arc2D.Float(16 * s, 16 * s, 32 * s, 32 * s, 110, 290, Arc2D.OPEN));
            Path2D head = new Path2D.Float();
            head.moveTo(34 * s, 5 * s);
            head.lineTo(34 * s, 27 * s);
            head.lineTo(22 * s, 16 * s);
            head.closePath();
            g.fill(head);
            g.dispose();
            ImageIO.write(img, "png", new File(args[0], "logo-" + size + "x" + size + ".png"));
        }
    }
}
