"""双公示 export: the administrative-penalty records to publish on 信用中国 / the provincial credit platform.

``fields`` declares the national field set, the masking and the validation of one record; ``records`` builds the
records of a period from the cases' own data (decision, parties, issued decision documents, enforcement subject);
``formats`` writes and reads them as CSV, .xlsx and JSON.
"""
