-- Yesterday's orders per region; read by the flow company.sales/run_report_query
SELECT region, count(*) AS orders, sum(amount) AS revenue
FROM orders
WHERE order_date = current_date - 1
GROUP BY region
ORDER BY revenue DESC;
