def test_the_verification_qr_code_has_the_modules_reportlabs_widget_draws():
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Rect

    from documents.layout import QR_BORDER, qr_runs

    url = "https://example.gov.cn/documents/verify/0123456789abcdef/"
    count, runs = qr_runs(url)
    widget = QrCodeWidget(url, barLevel="M", barBorder=QR_BORDER)
    rects = [r for r in widget.draw().contents if isinstance(r, Rect) and r.fillColor is not None]
    box = widget.barWidth / (count + 2 * QR_BORDER)
    drawn = sorted(
        (round((widget.barHeight - r.y) / box) - QR_BORDER - 1, round(r.x / box) - QR_BORDER, round(r.width / box))
        for r in rects
    )
    assert drawn == sorted(runs) and count >= 21
