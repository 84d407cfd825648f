package io.github.recur.archfixture.engine.model;

/** Fixture: engine code that builds a chart. */
public class DrawsCharts { public Object chart() { return new org.knowm.xchart.XYChartBuilder().build(); } }
