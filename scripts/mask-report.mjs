// Masks what varies between machines in a report (tool and tshark versions), for golden files.
export function maskReport(report) {
  return {
    ...report,
    tool: { ...report.tool, version: '<masked>' },
    capture: { ...report.capture, tsharkVersion: report.capture.tsharkVersion === null ? null : '<masked>' },
  };
}
