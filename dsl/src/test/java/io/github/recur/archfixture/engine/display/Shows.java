package io.github.recur.archfixture.engine.display;

/** Fixture: display code may use charts and the engine. */
public class Shows { public Object chart() { return new org.knowm.xchart.XYChartBuilder().build(); } }
