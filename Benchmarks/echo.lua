-- wrk script: the baseline, a JSON body of the same size echoed by POST /bench/echo.
wrk.method = "POST"
wrk.path = "/bench/echo"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"sender":"load-0-1234","message":"ich suche einen Deutschkurs"}'
